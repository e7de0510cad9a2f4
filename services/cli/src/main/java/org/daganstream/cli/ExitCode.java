package org.daganstream.cli;

/**
 * Exit codes of every {@code dagan} command. Scripts may rely on them; they are listed in {@code --help} and in the
 * module README.
 */
public final class ExitCode {

    /** The command did what was asked (for a job: it succeeded). */
    public static final int OK = 0;
    /** The job failed or stalled (the pipeline ran, the result could not be made). */
    public static final int JOB_FAILED = 1;
    /** Wrong command line or configuration (unknown option, missing argument, bad config value). */
    public static final int USAGE = 2;
    /** An input file or job is missing, unreadable or was rejected as invalid. */
    public static final int INPUT = 3;
    /** Kafka, S3 or another part of the infrastructure failed (or an unexpected internal error). */
    public static final int INFRA = 4;
    /** The model bundle is missing, malformed or does not match its manifest. */
    public static final int BUNDLE = 5;

    /** The exit-code list shown at the end of {@code --help}. */
    public static final String[] HELP_LIST = {
        "0:Success.",
        "1:The job failed or stalled.",
        "2:Usage error: bad option, argument or configuration.",
        "3:Input not found or invalid (file, job id, rejected input).",
        "4:Infrastructure error (Kafka, S3) or internal error.",
        "5:Model bundle invalid (missing file, checksum mismatch)."
    };

    private ExitCode() {
    }
}
