package org.daganstream.ingest;

/**
 * The job's input cannot be used (wrong format, corrupt, too large, missing, invalid options). The message is the
 * reason shown to the submitter, so it names the object or option at fault and what to do about it. Never retried.
 */
public final class InputRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Short machine-friendly category for metrics, e.g. "corrupt-video". */
    private final String category;

    public InputRejectedException(String category, String reason) {
        super(reason);
        this.category = category;
    }

    public InputRejectedException(String category, String reason, Throwable cause) {
        super(reason, cause);
        this.category = category;
    }

    public String category() {
        return category;
    }
}
