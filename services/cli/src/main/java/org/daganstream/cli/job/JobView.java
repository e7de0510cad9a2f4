package org.daganstream.cli.job;

import java.util.BitSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.kafka.FrameKeys;

/**
 * What is known about one job from the topics: its latest status, which frames were generated, which were
 * dead-lettered, and its result. Fed by {@link JobWatcher}; read by progress displays and summaries. Not
 * thread-safe (one watcher thread).
 */
public final class JobView {

    /**
     * When watching should stop before a result exists.
     *
     * @param endOnStall          a STALLED status ends the watch
     * @param endWhenUnfinishable end as soon as every frame is either generated or dead-lettered (or the source
     *                            image is dead-lettered): the job cannot complete without a replay
     */
    public record EndRules(boolean endOnStall, boolean endWhenUnfinishable) {
        /** For a live deployment: wait through stalls (a replay can still complete the job). */
        public static final EndRules PATIENT = new EndRules(false, false);
        /** For a one-shot run whose pipeline stops afterwards. */
        public static final EndRules ONE_SHOT = new EndRules(true, true);
    }

    /** The phrase ingest uses when it failed a job for internal reasons (S3 or broker trouble). */
    private static final String NOT_AN_INPUT_PROBLEM = "not a problem with the input";

    private final String jobId;
    private final Set<JobState> statesSeen = EnumSet.noneOf(JobState.class);
    private final BitSet generated = new BitSet();
    private final Map<Integer, DeadLetterFrame> deadLetters = new TreeMap<>();
    private final StageTimes stageTimes = new StageTimes();
    private JobStatus status;
    private Reenactment result;
    private int frameCount;
    private long version;

    public JobView(String jobId) {
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }

    public void onStatus(JobStatus s) {
        status = s;
        statesSeen.add(s.getState());
        frameCount = Math.max(frameCount, s.getFrameCount());
        version++;
    }

    public void onGenerated(FrameDescriptor d) {
        frameCount = Math.max(frameCount, d.getFrameCount());
        if (d.getFrameIndex() >= 0 && !generated.get(d.getFrameIndex())) {
            generated.set(d.getFrameIndex());
            stageTimes.record(d.getStageTimestamps());
            version++;
        }
    }

    public void onDeadLetter(DeadLetterFrame d) {
        int index = frameIndexOf(d);
        deadLetters.put(index, d);
        version++;
    }

    public void onResult(Reenactment r) {
        result = r;
        frameCount = Math.max(frameCount, r.getFrameCount());
        version++;
    }

    /** Changes whenever anything new was learnt; displays redraw when it moves. */
    public long version() {
        return version;
    }

    public Optional<JobStatus> status() {
        return Optional.ofNullable(status);
    }

    /** The latest state, or null before the first status arrived. */
    public JobState state() {
        return status == null ? null : status.getState();
    }

    public Optional<Reenactment> result() {
        return Optional.ofNullable(result);
    }

    public int frameCount() {
        return frameCount;
    }

    /** Frames generated: the best of the assembler's count and the generated frames seen directly. */
    public int framesDone() {
        int fromStatus = status == null ? 0 : status.getFramesDone();
        if (result != null && result.getOutcome() == ReenactmentOutcome.SUCCEEDED) {
            fromStatus = Math.max(fromStatus, result.getFrameCount());
        }
        return Math.max(fromStatus, generated.cardinality());
    }

    /** Dead letters by frame index (-1 for the source image, -2 for records without a frame key). */
    public Map<Integer, DeadLetterFrame> deadLetters() {
        return deadLetters;
    }

    public StageTimes stageTimes() {
        return stageTimes;
    }

    /**
     * Dead-lettered frames (and the source image) not generated since (a replay may have fixed some). Dead letters
     * whose frame is unknown (undecodable records) are not counted: a stall will tell.
     */
    public int lostFrames() {
        int lost = 0;
        for (int index : deadLetters.keySet()) {
            if (index == FrameKeys.SOURCE_INDEX || index >= 0 && !generated.get(index)) {
                lost++;
            }
        }
        return lost;
    }

    /** Whether watching is over, and how; empty while the job may still progress. */
    public Optional<JobEnd> end(EndRules rules) {
        if (result != null) {
            if (result.getOutcome() == ReenactmentOutcome.SUCCEEDED) {
                return Optional.of(new JobEnd(JobEnd.Kind.SUCCEEDED, null, result));
            }
            return Optional.of(new JobEnd(failureKind(result.getError()), orDefault(result.getError()), result));
        }
        JobState state = state();
        if (state == JobState.FAILED) {
            return Optional.of(new JobEnd(failureKind(status.getReason()), orDefault(status.getReason()), null));
        }
        if (state == JobState.STALLED && rules.endOnStall()) {
            return Optional.of(new JobEnd(JobEnd.Kind.STALLED, orDefault(status.getReason()), null));
        }
        if (rules.endWhenUnfinishable() && !deadLetters.isEmpty()) {
            boolean sourceLost = deadLetters.containsKey(FrameKeys.SOURCE_INDEX);
            int lost = lostFrames();
            if (sourceLost || (frameCount > 0 && lost > 0 && generated.cardinality() + lost >= frameCount)) {
                return Optional.of(new JobEnd(JobEnd.Kind.UNFINISHABLE, (sourceLost ? "the source image"
                        : lost + " of " + frameCount + " frames") + " failed in the pipeline (dead-lettered)", null));
            }
        }
        return Optional.empty();
    }

    /** Failed before any frame was processed, for a reason other than an internal one: the input was refused. */
    private JobEnd.Kind failureKind(String reason) {
        boolean processed = statesSeen.contains(JobState.PROCESSING) || statesSeen.contains(JobState.ASSEMBLING)
                || framesDone() > 0;
        boolean internal = reason != null && reason.contains(NOT_AN_INPUT_PROBLEM);
        return !processed && !internal ? JobEnd.Kind.REJECTED : JobEnd.Kind.FAILED;
    }

    private static String orDefault(String reason) {
        return reason == null || reason.isBlank() ? "no reason given" : reason;
    }

    static int frameIndexOf(DeadLetterFrame d) {
        if (d.getDescriptor() != null) {
            return d.getDescriptor().getFrameIndex();
        }
        try {
            return FrameKeys.parse(d.getRecordKey()).frameIndex();
        } catch (RuntimeException e) {
            return -2;
        }
    }
}
