package org.daganstream.loadtest.load;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;

/**
 * What the load generator learnt about one job it submitted. Times are epoch milliseconds (everything runs on this
 * machine, so the services' clocks are ours). Guarded by the {@link JobTracker}'s lock.
 */
public final class JobRecord {

    private final String jobId;
    private long submittedAt = -1;
    private long uploadMillis;
    private int expectedFrames;
    private String submitError;
    private int frameCount;
    private final BitSet generated = new BitSet();
    private final List<Map<String, Long>> frameTimestamps = new ArrayList<>();
    private long firstFrameAt = Long.MAX_VALUE;
    private long lastFrameAt = Long.MIN_VALUE;
    private JobState state;
    private String reason;
    private int deadLetters;
    private Reenactment result;
    private long resultReceivedAt = -1;

    JobRecord(String jobId) {
        this.jobId = jobId;
    }

    void submitted(long at, long uploadMillis, int expectedFrames) {
        this.submittedAt = at;
        this.uploadMillis = uploadMillis;
        this.expectedFrames = expectedFrames;
        this.frameCount = Math.max(frameCount, expectedFrames);
    }

    void submitFailed(long at, String error) {
        this.submittedAt = at;
        this.submitError = error;
    }

    void onStatus(JobStatus s) {
        state = s.getState();
        reason = s.getReason();
        frameCount = Math.max(frameCount, s.getFrameCount());
    }

    /** A generated frame: the latest of its stage timestamps is when it was ready. */
    void onGenerated(FrameDescriptor d, long receivedAt) {
        int index = d.getFrameIndex();
        if (index < 0 || generated.get(index)) {
            return;
        }
        generated.set(index);
        frameCount = Math.max(frameCount, d.getFrameCount());
        Map<String, Long> stamps = d.getStageTimestamps();
        long ready = stamps == null || stamps.isEmpty() ? receivedAt
                : stamps.values().stream().mapToLong(Long::longValue).max().orElse(receivedAt);
        if (stamps != null && !stamps.isEmpty()) {
            frameTimestamps.add(Map.copyOf(stamps));
        }
        firstFrameAt = Math.min(firstFrameAt, ready);
        lastFrameAt = Math.max(lastFrameAt, ready);
    }

    void onDeadLetter() {
        deadLetters++;
    }

    void onResult(Reenactment r, long receivedAt) {
        if (result == null) {
            result = r;
            resultReceivedAt = receivedAt;
            frameCount = Math.max(frameCount, r.getFrameCount());
        }
    }

    /** Nothing more will happen to it: a result, a failure, a refused submission, or frames lost to the DLQ. */
    public boolean terminal() {
        if (submitError != null || result != null || state == JobState.FAILED) {
            return true;
        }
        int total = Math.max(frameCount, expectedFrames);
        return deadLetters > 0 && total > 0 && generated.cardinality() + deadLetters >= total;
    }

    public boolean succeeded() {
        return result != null && result.getOutcome() == ReenactmentOutcome.SUCCEEDED;
    }

    /** Why it did not succeed (null when it did or is still running). */
    public String failure() {
        if (submitError != null) {
            return "submission failed: " + submitError;
        }
        if (result != null && result.getOutcome() != ReenactmentOutcome.SUCCEEDED) {
            return "FAILED: " + result.getError();
        }
        if (state == JobState.FAILED) {
            return "FAILED: " + reason;
        }
        if (deadLetters > 0) {
            return deadLetters + " frame(s) dead-lettered";
        }
        if (result == null) {
            return "no result before the run ended (state " + state + ", " + generated.cardinality() + "/"
                    + Math.max(frameCount, expectedFrames) + " frames)";
        }
        return null;
    }

    public String jobId() {
        return jobId;
    }

    public long submittedAt() {
        return submittedAt;
    }

    public long uploadMillis() {
        return uploadMillis;
    }

    public int framesGenerated() {
        return generated.cardinality();
    }

    public int frameCount() {
        return Math.max(frameCount, expectedFrames);
    }

    /** Submission to result (the assembler's finishedAt, else when we received it); -1 without a result. */
    public long latencyMillis() {
        if (result == null || submittedAt < 0) {
            return -1;
        }
        long end = result.getFinishedAt() != null ? result.getFinishedAt().toEpochMilli() : resultReceivedAt;
        return Math.max(0, end - submittedAt);
    }

    /** Submission to the first generated frame; -1 before one. */
    public long timeToFirstFrameMillis() {
        return firstFrameAt == Long.MAX_VALUE || submittedAt < 0 ? -1 : Math.max(0, firstFrameAt - submittedAt);
    }

    public long firstFrameAt() {
        return firstFrameAt;
    }

    public long lastFrameAt() {
        return lastFrameAt;
    }

    /** When the result was ready (epoch ms), -1 without one. */
    public long finishedAt() {
        if (result == null) {
            return -1;
        }
        return result.getFinishedAt() != null ? result.getFinishedAt().toEpochMilli() : resultReceivedAt;
    }

    /** Stage timestamps of every generated frame. */
    public List<Map<String, Long>> frameTimestamps() {
        return Collections.unmodifiableList(frameTimestamps);
    }

    public Map<String, Long> resultStageTimings() {
        return result == null || result.getStageTimings() == null ? Map.of() : result.getStageTimings();
    }

    public JobState state() {
        return state;
    }
}
