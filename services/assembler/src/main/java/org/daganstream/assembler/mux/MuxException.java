package org.daganstream.assembler.mux;

/**
 * Assembling a job's result failed. {@code transientFailure} says whether trying again later may succeed (storage
 * unreachable) or not (missing or malformed frames, unusable settings): the job is then reported FAILED.
 */
public class MuxException extends RuntimeException {

    private final boolean transientFailure;

    public MuxException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public MuxException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
