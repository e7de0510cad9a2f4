package org.daganstream.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Ends a command that threw: one line naming the problem ({@code dagan reenact: source image x.png does not
 * exist}), a stack trace only with {@code --verbose} or for internal errors, and the exit code of the failure's
 * kind (see {@link ExitCode}).
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        CliFailure failure = Failures.classify(ex);
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
        if (failure.exitCode() == ExitCode.USAGE) {
            err.println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        }
        boolean verbose = parseResult != null && verbose(parseResult);
        boolean internal = failure.getMessage() != null && failure.getMessage().startsWith("internal error");
        if (verbose || internal) {
            (failure.getCause() != null ? failure.getCause() : failure).printStackTrace(err);
        }
        err.flush();
        return failure.exitCode();
    }

    private static boolean verbose(ParseResult result) {
        return result.hasMatchedOption("--verbose") || result.subcommand() != null && verbose(result.subcommand());
    }
}
