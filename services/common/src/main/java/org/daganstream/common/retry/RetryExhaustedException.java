package org.daganstream.common.retry;

/**
 * Thrown by {@link Retry} when every attempt failed with a transient error, or the retry was interrupted; the
 * last failure is the cause and earlier distinct failures are suppressed.
 */
public class RetryExhaustedException extends RuntimeException {

    private final int attempts;

    public RetryExhaustedException(String message, int attempts, Throwable lastFailure) {
        super(message, lastFailure);
        this.attempts = attempts;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }
}
