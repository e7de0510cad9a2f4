package org.daganstream.assembler.tracking;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What the assembler knows about one job: which frame indexes have been generated (a bit per frame, so a redelivered
 * frame counts once), when progress was last reported, whether the job was flagged as stalled and whether it is
 * complete and waiting for its result to be published. Mutable; owned by one stream task at a time.
 */
public final class JobProgress {

    /** Where the job is in the assembler's lifecycle. */
    public enum Phase {
        /** Frames are still arriving. */
        TRACKING,
        /** Every frame and the manifest are in; the job was handed to the muxer and waits for its result record. */
        COMPLETE
    }

    private final String jobId;
    private Phase phase = Phase.TRACKING;
    private int frameCount;
    private BitSet done;
    private int doneCount;
    private long createdAt;
    private long lastFrameAt;
    private long lastReportedAt;
    private int lastReportedCount;
    private long completedAt;
    private boolean stalled;
    private final StageTimings timings;

    private JobProgress(String jobId, int frameCount, BitSet done, StageTimings timings) {
        this.jobId = jobId;
        this.frameCount = frameCount;
        this.done = done;
        this.doneCount = done.cardinality();
        this.timings = timings;
    }

    /** A job first seen at {@code now} with {@code frameCount} frames (from a descriptor or the manifest). */
    public static JobProgress start(String jobId, int frameCount, long now) {
        requirePositive(jobId, frameCount);
        JobProgress p = new JobProgress(jobId, frameCount, new BitSet(frameCount), new StageTimings());
        p.createdAt = now;
        p.lastFrameAt = now;
        p.lastReportedAt = -1;
        p.completedAt = -1;
        return p;
    }

    static JobProgress restore(String jobId, Phase phase, int frameCount, BitSet done, long createdAt, long lastFrameAt,
                               long lastReportedAt, int lastReportedCount, long completedAt, boolean stalled,
                               StageTimings timings) {
        JobProgress p = new JobProgress(jobId, frameCount, done, timings);
        p.phase = phase;
        p.createdAt = createdAt;
        p.lastFrameAt = lastFrameAt;
        p.lastReportedAt = lastReportedAt;
        p.lastReportedCount = lastReportedCount;
        p.completedAt = completedAt;
        p.stalled = stalled;
        return p;
    }

    /**
     * Records frame {@code index} as generated at {@code now}.
     *
     * @return false when the frame was already counted (a redelivery), true when it is new
     * @throws IllegalArgumentException when the index is outside the job's frames
     */
    public boolean markDone(int index, long now) {
        if (index < 0 || index >= frameCount) {
            throw new IllegalArgumentException("frame index " + index + " is outside 0.." + (frameCount - 1)
                    + " of job " + jobId + " (" + frameCount + " frames)");
        }
        if (done.get(index)) {
            return false;
        }
        done.set(index);
        doneCount++;
        lastFrameAt = now;
        stalled = false;
        return true;
    }

    /**
     * Adopts the frame count of the job manifest, which is authoritative. Frames beyond a smaller count are dropped.
     *
     * @return how many already counted frames were dropped
     */
    public int adoptFrameCount(int count) {
        requirePositive(jobId, count);
        int dropped = 0;
        if (count < frameCount) {
            dropped = done.get(count, frameCount).cardinality();
            done.clear(count, frameCount);
            doneCount -= dropped;
        }
        frameCount = count;
        return dropped;
    }

    /** Counts {@code now} as activity (e.g. the manifest arrived), restarting the stall clock. */
    public void touch(long now) {
        lastFrameAt = Math.max(lastFrameAt, now);
    }

    public boolean allFramesDone() {
        return doneCount == frameCount;
    }

    /** Marks the job complete (handed to the muxer). */
    public void complete(long now) {
        phase = Phase.COMPLETE;
        completedAt = now;
        stalled = false;
    }

    public void reported(long now) {
        lastReportedAt = now;
        lastReportedCount = doneCount;
    }

    public void markStalled() {
        stalled = true;
    }

    /** The first {@code limit} missing frame indexes in ascending order. */
    public int[] missingFrames(int limit) {
        int[] out = new int[Math.min(limit, missingCount())];
        int n = 0;
        for (int i = done.nextClearBit(0); i < frameCount && n < out.length; i = done.nextClearBit(i + 1)) {
            out[n++] = i;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    public int missingCount() {
        return frameCount - doneCount;
    }

    public boolean isDone(int index) {
        return index >= 0 && index < frameCount && done.get(index);
    }

    public String jobId() {
        return jobId;
    }

    public Phase phase() {
        return phase;
    }

    public int frameCount() {
        return frameCount;
    }

    public int doneCount() {
        return doneCount;
    }

    public long createdAt() {
        return createdAt;
    }

    /** When the last new frame (or the manifest) arrived: the stall clock starts here. */
    public long lastFrameAt() {
        return lastFrameAt;
    }

    /** When progress was last published; -1 before the first report. */
    public long lastReportedAt() {
        return lastReportedAt;
    }

    public int lastReportedCount() {
        return lastReportedCount;
    }

    /** When the job became complete; -1 while tracking. */
    public long completedAt() {
        return completedAt;
    }

    public boolean stalled() {
        return stalled;
    }

    public StageTimings timings() {
        return timings;
    }

    BitSet doneBits() {
        return done;
    }

    private static void requirePositive(String jobId, int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("job " + jobId + " has frame count " + frameCount + "; expected at least 1");
        }
    }

    @Override
    public String toString() {
        return "JobProgress{" + jobId + " " + phase + " " + doneCount + "/" + frameCount + (stalled ? " stalled" : "") + "}";
    }
}
