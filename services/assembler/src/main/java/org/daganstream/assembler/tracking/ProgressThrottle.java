package org.daganstream.assembler.tracking;

import java.time.Duration;

/**
 * Decides when a job's progress is worth publishing: after every {@code everyFrames} new frames or once
 * {@code interval} has passed since the last report with something new, and always for the first and the last frame,
 * so a progress bar moves smoothly without one status record per frame.
 */
public final class ProgressThrottle {

    private final int everyFrames;
    private final long intervalMillis;

    public ProgressThrottle(int everyFrames, Duration interval) {
        if (everyFrames < 1) {
            throw new IllegalArgumentException("progress every-frames must be at least 1, got " + everyFrames);
        }
        this.everyFrames = everyFrames;
        this.intervalMillis = interval.toMillis();
    }

    /** Whether to publish now, right after a new frame was counted. */
    public boolean dueAfterFrame(JobProgress p, long now) {
        return p.lastReportedAt() < 0
                || p.allFramesDone()
                || p.doneCount() - p.lastReportedCount() >= everyFrames
                || dueByTime(p, now);
    }

    /** Whether unreported progress has waited long enough (checked periodically, so the last count always shows). */
    public boolean dueByTime(JobProgress p, long now) {
        return p.doneCount() > p.lastReportedCount() && now - p.lastReportedAt() >= intervalMillis;
    }
}
