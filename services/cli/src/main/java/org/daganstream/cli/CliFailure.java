package org.daganstream.cli;

/**
 * A failure a command reports to the user: a message that names the problem and what to do, and the
 * {@link ExitCode} to end with. No stack trace is shown for these (unless {@code --verbose}).
 */
public class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliFailure jobFailed(String message) {
        return new CliFailure(ExitCode.JOB_FAILED, message);
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    public static CliFailure input(String message) {
        return new CliFailure(ExitCode.INPUT, message);
    }

    public static CliFailure infra(String message, Throwable cause) {
        return new CliFailure(ExitCode.INFRA, message, cause);
    }

    public static CliFailure bundle(String message, Throwable cause) {
        return new CliFailure(ExitCode.BUNDLE, message, cause);
    }
}
