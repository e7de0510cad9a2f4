package org.daganstream.common.http;

import java.util.function.BooleanSupplier;

/**
 * A named probe behind {@code /health/ready} or {@code /health/live}. It runs on a worker thread with a timeout,
 * so it may block briefly (e.g. ask the broker for metadata); throwing counts as down, with the message shown.
 */
@FunctionalInterface
public interface HealthCheck {

    Result check() throws Exception;

    /** @param detail short text shown in the JSON body (may be empty) */
    record Result(boolean healthy, String detail) {
        public static Result up() {
            return new Result(true, "");
        }

        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }

    /** Adapts a boolean probe. */
    static HealthCheck of(BooleanSupplier probe) {
        return () -> probe.getAsBoolean() ? Result.up() : Result.down("");
    }
}
