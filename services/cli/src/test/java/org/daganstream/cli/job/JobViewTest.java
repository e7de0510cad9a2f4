package org.daganstream.cli.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.schema.AvroTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobViewTest {

    @BeforeAll
    static void trust() {
        AvroTrust.install();
    }

    @Test
    void succeedsOnlyWithAResult() {
        JobView view = new JobView("j");
        view.onStatus(status(JobState.PROCESSING, 3, 3, null));
        assertTrue(view.end(JobView.EndRules.ONE_SHOT).isEmpty());
        view.onResult(Reenactment.newBuilder().setJobId("j").setOutcome(ReenactmentOutcome.SUCCEEDED)
                .setVideoKey("results/j/video.mp4").setFrameCount(3).setFinishedAt(Instant.EPOCH).build());
        JobEnd end = view.end(JobView.EndRules.PATIENT).orElseThrow();
        assertEquals(JobEnd.Kind.SUCCEEDED, end.kind());
        assertEquals("results/j/video.mp4", end.result().getVideoKey());
    }

    @Test
    void failureBeforeProcessingIsARejectionUnlessInternal() {
        JobView rejected = new JobView("j");
        rejected.onStatus(status(JobState.ACCEPTED, 0, 0, null));
        rejected.onStatus(status(JobState.FAILED, 0, 0, "driving video is a still image"));
        JobEnd end = rejected.end(JobView.EndRules.PATIENT).orElseThrow();
        assertEquals(JobEnd.Kind.REJECTED, end.kind());
        assertEquals("driving video is a still image", end.reason());

        JobView internal = new JobView("j");
        internal.onStatus(status(JobState.FAILED, 0, 0,
                "ingest could not process the job after 3 attempts; this is not a problem with the input"));
        assertEquals(JobEnd.Kind.FAILED, internal.end(JobView.EndRules.PATIENT).orElseThrow().kind());

        JobView late = new JobView("j");
        late.onStatus(status(JobState.PROCESSING, 2, 5, null));
        late.onResult(Reenactment.newBuilder().setJobId("j").setOutcome(ReenactmentOutcome.FAILED)
                .setError("muxing failed").setFinishedAt(Instant.EPOCH).build());
        assertEquals(JobEnd.Kind.FAILED, late.end(JobView.EndRules.PATIENT).orElseThrow().kind());
    }

    @Test
    void stallEndsOnlyWhenAskedTo() {
        JobView view = new JobView("j");
        view.onStatus(status(JobState.STALLED, 2, 3, "frame 1 missing"));
        assertTrue(view.end(JobView.EndRules.PATIENT).isEmpty());
        assertEquals(JobEnd.Kind.STALLED, view.end(JobView.EndRules.ONE_SHOT).orElseThrow().kind());
    }

    @Test
    void oneShotEndsWhenEveryFrameIsDoneOrDeadLettered() {
        JobView view = new JobView("j");
        view.onGenerated(frame(0, Map.of("ingest", 100L, "depth", 150L, "generator", 400L)));
        view.onDeadLetter(deadLetter(1));
        assertTrue(view.end(JobView.EndRules.ONE_SHOT).isEmpty(), "frame 2 may still come");
        view.onGenerated(frame(2, Map.of("ingest", 100L, "depth", 170L, "generator", 500L)));
        JobEnd end = view.end(JobView.EndRules.ONE_SHOT).orElseThrow();
        assertEquals(JobEnd.Kind.UNFINISHABLE, end.kind());
        assertTrue(end.reason().contains("1 of 3 frames"), end.reason());
        assertTrue(view.end(JobView.EndRules.PATIENT).isEmpty(), "a replay can still complete it");

        // A replayed frame that then got generated no longer counts as lost.
        view.onGenerated(frame(1, Map.of()));
        assertEquals(0, view.lostFrames());
        assertEquals(3, view.framesDone());
    }

    @Test
    void stageTimesAreDifferencesOfConsecutiveStamps() {
        StageTimes times = new StageTimes();
        times.record(Map.of("ingest", 1000L, "depth", 1100L, "keypoints", 1130L, "generator", 1700L));
        times.record(Map.of("ingest", 1000L, "depth", 1300L, "keypoints", 1310L, "generator", 1800L));
        List<StageTimes.Stat> stats = times.stats();
        assertEquals(List.of("depth", "keypoints", "generator"), stats.stream().map(StageTimes.Stat::stage).toList());
        assertEquals(200.0, stats.get(0).meanMillis(), 1e-9);
        assertEquals(300, stats.get(0).maxMillis());
        assertEquals(20.0, stats.get(1).meanMillis(), 1e-9);
        assertEquals(530.0, stats.get(2).meanMillis(), 1e-9);
    }

    static JobStatus status(JobState state, int done, int total, String reason) {
        return JobStatus.newBuilder().setJobId("j").setState(state).setFramesDone(done).setFrameCount(total)
                .setReason(reason).setUpdatedAt(Instant.EPOCH).build();
    }

    static FrameDescriptor frame(int index, Map<String, Long> stamps) {
        return FrameDescriptor.newBuilder().setJobId("j").setFrameIndex(index).setFrameCount(3)
                .setRole(FrameRole.DRIVING).setModelBundleId("b")
                .setBlobs(BlobKeys.newBuilder().setFrame("jobs/j/frames/00000" + index).build())
                .setStageTimestamps(stamps).build();
    }

    static DeadLetterFrame deadLetter(int index) {
        return DeadLetterFrame.newBuilder().setStage("depth").setSourceTopic("dagan.frames.decoded")
                .setSourcePartition(0).setSourceOffset(index).setRecordKey("j/" + index)
                .setErrorClass("org.daganstream.common.blob.BlobNotFoundException").setErrorMessage("gone")
                .setAttempts(3).setFailedAt(Instant.EPOCH).setDescriptor(frame(index, Map.of())).build();
    }
}
