package org.daganstream.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.schema.AvroTrust;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private final ReplayTargets targets = new ReplayTargets(DaganConfig.empty());
    private final Map<String, JobStatus> statuses = new HashMap<>();
    private final Set<Long> replayed = new HashSet<>();
    private final ReplayPlan.Facts facts = new ReplayPlan.Facts() {
        @Override
        public Optional<JobStatus> status(String jobId) {
            return Optional.ofNullable(statuses.get(jobId));
        }

        @Override
        public boolean replayedBefore(DeadLetter d) {
            return replayed.contains(d.offset());
        }
    };

    @BeforeAll
    static void trust() {
        AvroTrust.install();
    }

    @Test
    void replaysToTheStagesInputTopicWithTheNextAttempt() {
        List<ReplayPlan.Decision> plan = plan(List.of(
                dl(0, "depth", "dagan.frames.decoded", "a", 1, 0),
                dl(1, "keypoints", "dagan.frames.depth", "a", 2, 1),
                dl(2, "motion", "dagan-motion-motion-by-job-repartition", "a", 3, 0),
                dl(3, "generator", "dagan.frames.motion", "a", -1, 2)), null, null, false);
        assertEquals(List.of("dagan.frames.decoded", "dagan.frames.depth", "dagan.frames.keypoints",
                "dagan.frames.motion"), plan.stream().map(ReplayPlan.Decision::topic).toList());
        assertEquals(List.of(1, 2, 1, 3), plan.stream().map(d -> d.replay().getAttempt()).toList());
        assertEquals("a/source", plan.get(3).deadLetter().frameLabel());
    }

    @Test
    void onlyTheNewestDeadLetterOfAFrameCounts() {
        List<ReplayPlan.Decision> plan = plan(List.of(
                dl(0, "depth", "dagan.frames.decoded", "a", 1, 0),
                dl(5, "depth", "dagan.frames.decoded", "a", 1, 1)), null, null, false);
        assertEquals(2, plan.size());
        assertEquals(ReplayPlan.Action.SKIP, plan.get(0).action());
        assertEquals(0, plan.get(0).deadLetter().offset());
        assertTrue(plan.get(0).reason().contains("superseded"));
        assertEquals(ReplayPlan.Action.REPLAY, plan.get(1).action());
        assertEquals(2, plan.get(1).replay().getAttempt());
    }

    @Test
    void filtersByJobAndStage() {
        List<DeadLetter> all = List.of(dl(0, "depth", "dagan.frames.decoded", "a", 1, 0),
                dl(1, "generator", "dagan.frames.motion", "a", 2, 0),
                dl(2, "depth", "dagan.frames.decoded", "b", 1, 0));
        assertEquals(2, plan(all, "a", null, false).size());
        assertEquals(2, plan(all, null, "depth", false).size());
        assertEquals(1, plan(all, "a", "generator-worker", false).size());
        assertEquals(0, plan(all, "c", null, false).size());
    }

    @Test
    void replayedOnceUnlessForced() {
        replayed.add(0L);
        List<DeadLetter> all = List.of(dl(0, "depth", "dagan.frames.decoded", "a", 1, 0));
        ReplayPlan.Decision again = plan(all, null, null, false).get(0);
        assertEquals(ReplayPlan.Action.SKIP, again.action());
        assertTrue(again.reason().contains("already replayed"), again.reason());
        assertEquals(ReplayPlan.Action.REPLAY, plan(all, null, null, true).get(0).action());
    }

    @Test
    void finishedJobsAndGeneratedFramesAreLeftAlone() {
        List<DeadLetter> all = List.of(dl(0, "depth", "dagan.frames.decoded", "a", 1, 0),
                dl(1, "depth", "dagan.frames.decoded", "b", 1, 0),
                dl(2, "depth", "dagan.frames.decoded", "c", 1, 0),
                dl(3, "depth", "dagan.frames.decoded", "c", 2, 0));
        statuses.put("a", status("a", JobState.SUCCEEDED, 3, List.of()));
        statuses.put("b", status("b", JobState.FAILED, 0, List.of()));
        // c: 3 frames, 2 done, the missing one listed is 2, so frame 1 was generated since.
        statuses.put("c", status("c", JobState.STALLED, 2, List.of(2)));
        List<ReplayPlan.Decision> plan = plan(all, null, null, false);
        assertTrue(plan.get(0).reason().contains("already succeeded"));
        assertTrue(plan.get(1).reason().contains("failed"));
        assertTrue(plan.get(2).reason().contains("generated since"));
        assertEquals(ReplayPlan.Action.REPLAY, plan.get(3).action());
    }

    @Test
    void recordsThatNeverDecodedOrStagesWithoutFramesAreNotReplayed() {
        DeadLetterFrame malformed = DeadLetterFrame.newBuilder().setStage("depth")
                .setSourceTopic("dagan.frames.decoded")
                .setSourcePartition(0).setSourceOffset(9).setRecordKey("a/4").setErrorClass("MalformedRecordException")
                .setFailedAt(Instant.EPOCH).setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
        DeadLetterFrame job = DeadLetterFrame.newBuilder().setStage("ingest").setSourceTopic("dagan.jobs")
                .setSourcePartition(0).setSourceOffset(1).setRecordKey("a").setErrorClass("X")
                .setFailedAt(Instant.EPOCH).setDescriptor(descriptor("a", 0, 0)).build();
        List<ReplayPlan.Decision> plan = plan(List.of(new DeadLetter(0, 0, malformed), new DeadLetter(0, 1, job)),
                null, null, false);
        assertTrue(plan.get(0).reason().contains("never decoded"), plan.get(0).reason());
        assertTrue(plan.get(1).reason().contains("resubmit"), plan.get(1).reason());
        assertNull(plan.get(1).topic());
    }

    @Test
    void originalBytesStandInForAMissingDescriptor() {
        byte[] bytes = WireCodecs.FRAME_DESCRIPTOR.encode(descriptor("a", 3, 1));
        DeadLetterFrame d = DeadLetterFrame.newBuilder().setStage("keypoints").setSourceTopic("dagan.frames.depth")
                .setSourcePartition(0).setSourceOffset(9).setRecordKey("a/3").setErrorClass("X")
                .setFailedAt(Instant.EPOCH).setOriginalValue(ByteBuffer.wrap(bytes)).build();
        ReplayPlan.Decision decision = plan(List.of(new DeadLetter(0, 4, d)), null, null, false).get(0);
        assertEquals(ReplayPlan.Action.REPLAY, decision.action());
        assertEquals(2, decision.replay().getAttempt());
        assertEquals("jobs/a/replays/0-4-0", ReplayMarkers.key(new DeadLetter(0, 4, d)));
    }

    private List<ReplayPlan.Decision> plan(List<DeadLetter> all, String job, String stage, boolean force) {
        return ReplayPlan.plan(new ArrayList<>(all), new ReplayPlan.Filter(job, stage), targets, facts, force);
    }

    private static DeadLetter dl(long offset, String stage, String topic, String job, int index, int attempt) {
        DeadLetterFrame d = DeadLetterFrame.newBuilder().setStage(stage).setSourceTopic(topic).setSourcePartition(0)
                .setSourceOffset(100 + offset).setRecordKey(index < 0 ? job + "/source" : job + "/" + index)
                .setErrorClass("org.daganstream.common.blob.BlobNotFoundException").setErrorMessage("no such key")
                .setAttempts(3).setFailedAt(Instant.ofEpochMilli(1000 + offset))
                .setDescriptor(descriptor(job, index, attempt)).build();
        return new DeadLetter(0, offset, d);
    }

    private static FrameDescriptor descriptor(String job, int index, int attempt) {
        return FrameDescriptor.newBuilder().setJobId(job).setFrameIndex(index).setFrameCount(3)
                .setRole(index < 0 ? FrameRole.SOURCE : FrameRole.DRIVING).setModelBundleId("b")
                .setBlobs(BlobKeys.newBuilder().setFrame("x").build()).setAttempt(attempt).build();
    }

    private static JobStatus status(String job, JobState state, int done, List<Integer> missing) {
        return JobStatus.newBuilder().setJobId(job).setState(state).setFramesDone(done).setFrameCount(3)
                .setMissingFrames(missing).setUpdatedAt(Instant.EPOCH).build();
    }
}
