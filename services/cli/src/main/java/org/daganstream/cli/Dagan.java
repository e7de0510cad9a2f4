package org.daganstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.daganstream.cli.command.ExamplesCommand;
import org.daganstream.cli.command.FetchCommand;
import org.daganstream.cli.command.ModelsCommand;
import org.daganstream.cli.command.ReenactCommand;
import org.daganstream.cli.command.ReplayCommand;
import org.daganstream.cli.command.ServeCommand;
import org.daganstream.cli.command.SubmitCommand;
import org.daganstream.cli.command.WatchCommand;
import org.daganstream.cli.progress.ProgressMode;
import org.daganstream.common.config.Durations;
import org.daganstream.schema.AvroTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code dagan} command. Run through the {@code dagan} launcher at the repository root. */
@Command(name = "dagan", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Dagan.Version.class,
        description = {"DaGAN talking-head reenactment as a streaming pipeline (Kafka + S3).", "",
            "  dagan examples --out examples",
            "  dagan reenact -s examples/face.png -d examples/driving.mp4 -o out.mp4", "",
            "reenact runs everything in this process (embedded Kafka broker and S3 server, every stage);"
                + " serve/submit/watch/fetch/replay work against a deployment named by --config or DAGAN_* variables."},
        subcommands = {ReenactCommand.class, ServeCommand.class, SubmitCommand.class, WatchCommand.class,
            FetchCommand.class, ReplayCommand.class, ModelsCommand.class, ExamplesCommand.class,
            CommandLine.HelpCommand.class})
public final class Dagan implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a command");
    }

    public static void main(String[] args) {
        CliLogging.configure(args);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: converters, exit-code lists and error handling. Used by main and tests. */
    public static CommandLine commandLine() {
        AvroTrust.install();
        CommandLine cl = new CommandLine(new Dagan());
        cl.registerConverter(Duration.class, Durations::parse);
        cl.registerConverter(ProgressMode.class, s -> ProgressMode.valueOf(s.trim().toUpperCase(Locale.ROOT)));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        Map<String, String> codes = exitCodes();
        applyExitCodes(cl, codes);
        return cl;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String entry : ExitCode.HELP_LIST) {
            int colon = entry.indexOf(':');
            codes.put(String.format("%3s", entry.substring(0, colon)), entry.substring(colon + 1));
        }
        return codes;
    }

    private static void applyExitCodes(CommandLine cl, Map<String, String> codes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(sub -> applyExitCodes(sub, codes));
    }

    /** The project version, from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties props = new Properties();
            try (InputStream in = Dagan.class.getResourceAsStream("/dagan-cli-version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            } catch (IOException e) {
                // fall through to "unknown"
            }
            return new String[] {"dagan " + props.getProperty("version", "unknown")
                    + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
