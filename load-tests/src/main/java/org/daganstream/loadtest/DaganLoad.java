package org.daganstream.loadtest;

import java.io.PrintWriter;
import java.time.Duration;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.Failures;
import org.daganstream.common.config.Durations;
import org.daganstream.loadtest.command.BenchCommand;
import org.daganstream.loadtest.command.ClipCommand;
import org.daganstream.loadtest.command.RunCommand;
import org.daganstream.schema.AvroTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code dagan-load} command: load runs, the side-by-side benchmark, and the synthetic inputs. */
@Command(name = "dagan-load", mixinStandardHelpOptions = true, version = "dagan-load 0.1.0",
        description = {"Load generator and benchmark for dagan-stream, on this machine only (loopback).", "",
            "  dagan-load run --jobs 8 --rate 0.5 --frames 25 --out target/load-report",
            "  dagan-load bench --rounds 3 --out target/bench-report",
            "  dagan-load bench --smoke --out target/bench-smoke", ""},
        subcommands = {RunCommand.class, BenchCommand.class, ClipCommand.class, CommandLine.HelpCommand.class})
public final class DaganLoad implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a command: run, bench or clip");
    }

    public static void main(String[] args) {
        LoadLogging.configure();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and tests. */
    public static CommandLine commandLine() {
        AvroTrust.install();
        CommandLine cl = new CommandLine(new DaganLoad());
        cl.registerConverter(Duration.class, Durations::parse);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            CliFailure failure = Failures.classify(ex);
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
            if (failure.exitCode() == ExitCode.USAGE) {
                err.println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
            } else if (failure.getMessage() != null && failure.getMessage().startsWith("internal error")) {
                (failure.getCause() != null ? failure.getCause() : failure).printStackTrace(err);
            }
            err.flush();
            return failure.exitCode();
        });
        return cl;
    }
}
