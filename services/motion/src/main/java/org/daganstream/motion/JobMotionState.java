package org.daganstream.motion;

import java.util.BitSet;

/**
 * What the motion stage remembers about one job between frames: its options, the source and anchor keypoints
 * once seen, which driving frames were already emitted and how many wait in the buffer.
 *
 * <p>Mutable, owned by one stream task at a time; persisted through {@link JobMotionStateSerde}.
 */
public final class JobMotionState {

    /** {@link #latestIngestMs()} before any frame carried an ingest timestamp. */
    public static final long NO_TIMESTAMP = -1;

    private final MotionSettings settings;
    private final int frameCount;
    private KeypointSet source;
    private KeypointSet anchor;
    private final BitSet emitted;
    private int buffered;
    private long lastActivityMs;
    private long latestIngestMs;

    JobMotionState(MotionSettings settings, int frameCount, KeypointSet source, KeypointSet anchor, BitSet emitted,
            int buffered, long lastActivityMs, long latestIngestMs) {
        this.settings = settings;
        this.frameCount = frameCount;
        this.source = source;
        this.anchor = anchor;
        this.emitted = emitted;
        this.buffered = buffered;
        this.lastActivityMs = lastActivityMs;
        this.latestIngestMs = latestIngestMs;
    }

    /** A job seen for the first time. */
    public static JobMotionState start(MotionSettings settings, int frameCount, long nowMs) {
        return new JobMotionState(settings, frameCount, null, null, new BitSet(), 0, nowMs, NO_TIMESTAMP);
    }

    public MotionSettings settings() {
        return settings;
    }

    public int frameCount() {
        return frameCount;
    }

    public KeypointSet source() {
        return source;
    }

    public KeypointSet anchor() {
        return anchor;
    }

    /** Keypoint count every frame of this job must have: the first known of source or anchor, else -1. */
    public int numKp() {
        return source != null ? source.numKp() : anchor != null ? anchor.numKp() : -1;
    }

    /** Keeps the first source keypoints seen; returns false for a redelivered source (ignored). */
    public boolean offerSource(KeypointSet keypoints) {
        if (source != null) {
            return false;
        }
        source = keypoints;
        return true;
    }

    /** Keeps the first anchor keypoints seen; returns false for a redelivered anchor (ignored). */
    public boolean offerAnchor(KeypointSet keypoints) {
        if (anchor != null) {
            return false;
        }
        anchor = keypoints;
        return true;
    }

    /** True once every input normalisation needs is known: the source, plus the anchor in relative mode. */
    public boolean ready() {
        return source != null && (anchor != null || !settings.needsAnchor());
    }

    public boolean isEmitted(int frameIndex) {
        return emitted.get(frameIndex);
    }

    public void markEmitted(int frameIndex) {
        emitted.set(frameIndex);
    }

    public int emittedCount() {
        return emitted.cardinality();
    }

    /** Every driving frame of the job has been emitted. */
    public boolean complete() {
        return emittedCount() >= frameCount;
    }

    public int buffered() {
        return buffered;
    }

    public void addBuffered(int delta) {
        buffered += delta;
    }

    public long lastActivityMs() {
        return lastActivityMs;
    }

    public void touch(long nowMs) {
        lastActivityMs = nowMs;
    }

    /** Latest {@code stageTimestamps["ingest"]} among the job's frames: tells a new ingest run from a duplicate. */
    public long latestIngestMs() {
        return latestIngestMs;
    }

    public void observeIngest(long ingestMs) {
        latestIngestMs = Math.max(latestIngestMs, ingestMs);
    }

    BitSet emittedFrames() {
        return (BitSet) emitted.clone();
    }
}
