package org.daganstream.motion;

/**
 * What stays of a job once all its frames were emitted, until the TTL: enough to drop late duplicates of that run
 * while still accepting a new ingest run of the same job id.
 *
 * @param completedAtMs  wall-clock millis the last frame was emitted (for the TTL)
 * @param latestIngestMs latest ingest timestamp among the run's frames, or {@link JobMotionState#NO_TIMESTAMP}
 */
public record CompletedJob(long completedAtMs, long latestIngestMs) {

    /**
     * True when a frame with this ingest timestamp belongs to a later ingest run than the completed one. Both
     * timestamps come from the ingest stage, so motion's own clock plays no part.
     */
    public boolean isOlderThan(long frameIngestMs) {
        return latestIngestMs != JobMotionState.NO_TIMESTAMP && frameIngestMs > latestIngestMs;
    }
}
