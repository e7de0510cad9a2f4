package org.daganstream.loadtest.load;

import java.time.Duration;

import org.daganstream.cli.job.MotionChoice;

/**
 * How much load to generate. Bounded in count and time: at most {@link #MAX_JOBS} jobs, at most
 * {@link #MAX_RATE} jobs per second, and the run ends after {@code maxDuration} whatever happened.
 *
 * @param jobs          jobs to submit
 * @param ratePerSecond submissions per second; 0 submits them all at once
 * @param maxDuration   the run stops waiting for results after this long (from the first submission)
 * @param motion        motion options of every job
 */
public record LoadPlan(int jobs, double ratePerSecond, Duration maxDuration, MotionChoice motion) {

    public static final int MAX_JOBS = 10_000;
    public static final double MAX_RATE = 100;
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public LoadPlan {
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("jobs must be within 1.." + MAX_JOBS + ", got " + jobs);
        }
        if (!(ratePerSecond >= 0 && ratePerSecond <= MAX_RATE)) {
            throw new IllegalArgumentException("rate must be within 0.." + MAX_RATE + " jobs/s (0 = all at once), got "
                    + ratePerSecond);
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()
                || maxDuration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("max duration must be positive and at most " + MAX_DURATION.toHours()
                    + "h, got " + maxDuration);
        }
        if (motion == null) {
            motion = MotionChoice.DEFAULT;
        }
    }

    /** Seconds after the start at which job {@code i} (0-based) is due. */
    public double dueSeconds(int i) {
        return ratePerSecond == 0 ? 0 : i / ratePerSecond;
    }
}
