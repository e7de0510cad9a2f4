package org.daganstream.cli.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;

/**
 * Decides, for every dead letter matching the filter, whether to replay it. Pure logic: the facts it needs (job
 * statuses, earlier replays) come in through {@link Facts}.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Only the newest dead letter of a frame at a stage counts; older ones are superseded (a replayed frame
 *   that failed again has a newer one).</li>
 *   <li>A record that never decoded into a frame descriptor cannot be replayed.</li>
 *   <li>A stage without a frame input topic (ingest's job records) is not replayed: resubmit the job.</li>
 *   <li>Jobs that SUCCEEDED or FAILED are left alone; in a STALLED job whose status lists every missing frame, a
 *   frame not on the list was generated since and is skipped.</li>
 *   <li>A dead letter replayed before is skipped unless forced (replay leaves a marker per dead letter): running
 *   replay twice does not publish the same frame twice.</li>
 * </ol>
 * Everything else is replayed to its stage's input topic with {@code attempt + 1}.
 */
public final class ReplayPlan {

    public enum Action { REPLAY, SKIP }

    /**
     * @param replay the descriptor to publish (REPLAY only)
     * @param topic  where to publish it (REPLAY only)
     * @param reason why it is skipped, or what failed (for the listing)
     */
    public record Decision(DeadLetter deadLetter, Action action, String topic, FrameDescriptor replay, String reason) {
    }

    /** Which dead letters the user asked about; null fields match everything. */
    public record Filter(String jobId, String stage) {
        boolean matches(DeadLetter d) {
            return (jobId == null || jobId.equals(d.jobId()))
                    && (stage == null || ReplayTargets.sameStage(d.record().getStage(), stage));
        }
    }

    /** What the plan needs to know about the world. */
    public interface Facts {
        /** The job's latest status, if it has one. */
        Optional<JobStatus> status(String jobId);

        /** Whether this dead letter was replayed by an earlier run. */
        boolean replayedBefore(DeadLetter deadLetter);
    }

    private ReplayPlan() {
    }

    public static List<Decision> plan(List<DeadLetter> deadLetters, Filter filter, ReplayTargets targets, Facts facts,
                                      boolean force) {
        Map<String, DeadLetter> newest = new LinkedHashMap<>();
        List<Decision> decisions = new ArrayList<>();
        List<DeadLetter> matching = deadLetters.stream().filter(filter::matches)
                .sorted(Comparator.comparing((DeadLetter d) -> d.record().getFailedAt())
                        .thenComparingLong(DeadLetter::offset))
                .toList();
        for (DeadLetter d : matching) {
            DeadLetter previous = newest.put(d.frameAtStage(), d);
            if (previous != null) {
                decisions.add(skip(previous, "superseded by a later dead letter of the same frame"));
            }
        }
        for (DeadLetter d : newest.values()) {
            decisions.add(decide(d, targets, facts, force));
        }
        return decisions;
    }

    private static Decision decide(DeadLetter d, ReplayTargets targets, Facts facts, boolean force) {
        FrameDescriptor descriptor = d.descriptor();
        if (descriptor == null) {
            return skip(d, "the record never decoded as a frame descriptor (" + simpleName(d.record().getErrorClass())
                    + "); there is nothing to replay");
        }
        Optional<String> topic = targets.inputTopic(d.record().getStage(), d.record().getSourceTopic());
        if (topic.isEmpty()) {
            return skip(d, "stage " + d.record().getStage() + " takes no frames; resubmit the job instead");
        }
        Optional<JobStatus> status = facts.status(descriptor.getJobId());
        if (status.isPresent()) {
            JobState state = status.get().getState();
            if (state == JobState.SUCCEEDED) {
                return skip(d, "the job already succeeded");
            }
            if (state == JobState.FAILED) {
                return skip(d, "the job failed (" + status.get().getReason() + "); resubmit it");
            }
            if (state == JobState.STALLED && descriptor.getFrameIndex() >= 0 && listsAllMissing(status.get())
                    && !status.get().getMissingFrames().contains(descriptor.getFrameIndex())) {
                return skip(d, "the frame was generated since (not among the stalled job's missing frames)");
            }
        }
        if (!force && facts.replayedBefore(d)) {
            return skip(d, "already replayed by an earlier run (use --force to replay it again)");
        }
        FrameDescriptor replay = FrameDescriptor.newBuilder(descriptor).setAttempt(descriptor.getAttempt() + 1).build();
        return new Decision(d, Action.REPLAY, topic.get(), replay, simpleName(d.record().getErrorClass()) + ": "
                + d.record().getErrorMessage());
    }

    /** A STALLED status lists at most a bounded number of missing frames; only a complete list proves anything. */
    private static boolean listsAllMissing(JobStatus s) {
        return s.getFrameCount() > 0 && s.getMissingFrames().size() == s.getFrameCount() - s.getFramesDone();
    }

    private static String simpleName(String className) {
        return className == null ? "error" : className.substring(className.lastIndexOf('.') + 1);
    }

    private static Decision skip(DeadLetter d, String reason) {
        return new Decision(d, Action.SKIP, null, null, reason);
    }
}
