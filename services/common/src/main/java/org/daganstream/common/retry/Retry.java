package org.daganstream.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operation, retrying transient failures with {@link Backoff}. A failure that {@code retryOn} does not
 * accept (a 4xx, a missing object, a bug) is rethrown at once, unchanged. When attempts or the time budget run
 * out, a {@link RetryExhaustedException} carrying the last failure is thrown. Immutable and thread-safe; build one
 * per kind of operation and reuse it.
 *
 * <pre>{@code
 * Retry retry = Retry.builder("s3").maxAttempts(5).backoff(Backoff.exponential(ofMillis(100), ofSeconds(5)))
 *         .retryOn(S3Errors::isTransient).build();
 * byte[] data = retry.call("get " + key, () -> fetch(key));
 * }</pre>
 */
public final class Retry {

    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    /** An operation that may throw anything. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    /** An operation without a result. */
    @FunctionalInterface
    public interface VoidAttempt {
        void run() throws Exception;
    }

    /** Told about every failed attempt that will be retried (for metrics); the default logs a warning. */
    @FunctionalInterface
    public interface RetryListener {
        void onRetry(String operation, int failedAttempt, Throwable failure, Duration delay);
    }

    /** How to wait; tests replace it to avoid real sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String name;
    private final int maxAttempts;
    private final Duration maxElapsed;
    private final Backoff backoff;
    private final Predicate<Throwable> retryOn;
    private final RetryListener listener;
    private final Sleeper sleeper;

    private Retry(Builder b) {
        this.name = b.name;
        this.maxAttempts = b.maxAttempts;
        this.maxElapsed = b.maxElapsed;
        this.backoff = b.backoff;
        this.retryOn = b.retryOn;
        this.listener = b.listener;
        this.sleeper = b.sleeper;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Backoff backoff() {
        return backoff;
    }

    /** Runs {@code attempt} until it succeeds, fails permanently, or the budget is spent. */
    public <T> T call(String operation, Attempt<T> attempt) {
        long started = System.nanoTime();
        Throwable last = null;
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception failure) {
                if (!retryOn.test(failure)) {
                    throw asUnchecked(failure);
                }
                if (last != null && last != failure && !sameKind(last, failure)) {
                    failure.addSuppressed(last);
                }
                last = failure;
                if (n >= maxAttempts) {
                    throw exhausted(operation, n, failure, "after " + n + " attempts");
                }
                Duration delay = backoff.delay(n);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                if (maxElapsed != null && elapsed.plus(delay).compareTo(maxElapsed) > 0) {
                    throw exhausted(operation, n, failure, "after " + n + " attempts within the time budget " + maxElapsed);
                }
                listener.onRetry(label(operation), n, failure, delay);
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw exhausted(operation, n, failure, "interrupted after " + n + " attempts");
                }
            }
        }
    }

    /** Void form of {@link #call}. */
    public void run(String operation, VoidAttempt attempt) {
        call(operation, () -> {
            attempt.run();
            return null;
        });
    }

    private RetryExhaustedException exhausted(String operation, int attempts, Throwable failure, String how) {
        return new RetryExhaustedException(label(operation) + " failed " + how + ": " + describe(failure), attempts, failure);
    }

    private String label(String operation) {
        return operation == null || operation.isEmpty() ? name : name + " " + operation;
    }

    private static boolean sameKind(Throwable a, Throwable b) {
        return a.getClass() == b.getClass() && Objects.equals(a.getMessage(), b.getMessage());
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static RuntimeException asUnchecked(Exception e) {
        return e instanceof RuntimeException re ? re : new PermanentFailureException(e);
    }

    /** Wraps a checked exception that was not retried; the cause is the original failure. */
    public static final class PermanentFailureException extends RuntimeException {
        PermanentFailureException(Throwable cause) {
            super(describe(cause), cause);
        }
    }

    public static final class Builder {
        private final String name;
        private int maxAttempts = 5;
        private Duration maxElapsed;
        private Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));
        private Predicate<Throwable> retryOn = t -> false;
        private RetryListener listener = (op, n, failure, delay) ->
                LOG.warn("{} failed (attempt {}), retrying in {} ms: {}", op, n, delay.toMillis(), describe(failure));
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Total attempts including the first; 1 disables retrying. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Stop retrying when the next wait would end after this much time since the first attempt. */
        public Builder maxElapsed(Duration budget) {
            this.maxElapsed = budget;
            return this;
        }

        public Builder backoff(Backoff b) {
            this.backoff = Objects.requireNonNull(b, "backoff");
            return this;
        }

        /** Which failures are transient; everything else is rethrown immediately. Default: none. */
        public Builder retryOn(Predicate<Throwable> transientFailure) {
            this.retryOn = Objects.requireNonNull(transientFailure, "retryOn");
            return this;
        }

        public Builder listener(RetryListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        public Retry build() {
            return new Retry(this);
        }
    }
}
