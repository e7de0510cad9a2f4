package org.daganstream.loadtest.metrics;

/** Time since a run started, in seconds, plus the wall-clock start for converting epoch milliseconds. */
public final class RunClock {

    private final long startNanos;
    private final long startEpochMillis;

    private RunClock(long startNanos, long startEpochMillis) {
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
    }

    public static RunClock start() {
        return new RunClock(System.nanoTime(), System.currentTimeMillis());
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** Seconds since the start for a wall-clock instant in epoch milliseconds (stage timestamps). */
    public double secondsAt(long epochMillis) {
        return (epochMillis - startEpochMillis) / 1000.0;
    }
}
