package org.daganstream.loadtest.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.loadtest.stats.Percentiles;
import org.daganstream.schema.AvroTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobRecordTest {

    @BeforeAll
    static void trustTheContract() {
        AvroTrust.install();
    }

    static FrameDescriptor frame(String job, int index, Map<String, Long> stamps) {
        return FrameDescriptor.newBuilder().setJobId(job).setFrameIndex(index).setFrameCount(3)
                .setRole(FrameRole.DRIVING).setModelBundleId("b")
                .setBlobs(BlobKeys.newBuilder().setFrame("jobs/" + job + "/frames/00000" + index).build())
                .setStageTimestamps(stamps).build();
    }

    static Reenactment result(String job, ReenactmentOutcome outcome, long finishedAt) {
        return Reenactment.newBuilder().setJobId(job).setOutcome(outcome).setFrameCount(3)
                .setFinishedAt(Instant.ofEpochMilli(finishedAt)).build();
    }

    static JobRecord finishedJob(String id, long submitted) {
        JobRecord job = new JobRecord(id);
        job.submitted(submitted, 50, 3);
        for (int i = 0; i < 3; i++) {
            long t = submitted + 1000 + 500L * i;
            job.onGenerated(frame(id, i, Map.of("ingest", t - 900, "depth", t - 700, "keypoints", t - 600,
                    "motion", t - 550, "generator", t)), t + 5);
        }
        job.onResult(result(id, ReenactmentOutcome.SUCCEEDED, submitted + 2500), submitted + 2600);
        return job;
    }

    @Test
    void latencyAndFirstFrameComeFromTheStagesClocks() {
        JobRecord job = finishedJob("j1", 10_000);
        assertTrue(job.terminal());
        assertTrue(job.succeeded());
        assertNull(job.failure());
        assertEquals(3, job.framesGenerated());
        assertEquals(2500, job.latencyMillis());
        assertEquals(1000, job.timeToFirstFrameMillis());
        assertEquals(12_000, job.lastFrameAt());
    }

    @Test
    void duplicateFramesAreCountedOnce() {
        JobRecord job = new JobRecord("j");
        job.submitted(0, 0, 3);
        job.onGenerated(frame("j", 1, Map.of("generator", 100L)), 100);
        job.onGenerated(frame("j", 1, Map.of("generator", 900L)), 900);
        assertEquals(1, job.framesGenerated());
        assertEquals(100, job.timeToFirstFrameMillis());
        assertFalse(job.terminal());
    }

    @Test
    void failuresEndTheJobWithAReason() {
        JobRecord rejected = new JobRecord("a");
        rejected.submitted(0, 0, 3);
        rejected.onStatus(JobStatus.newBuilder().setJobId("a").setState(JobState.FAILED).setReason("not a video")
                .setUpdatedAt(Instant.EPOCH).build());
        assertTrue(rejected.terminal());
        assertEquals("FAILED: not a video", rejected.failure());

        JobRecord lost = new JobRecord("b");
        lost.submitted(0, 0, 3);
        lost.onGenerated(frame("b", 0, Map.of("generator", 1L)), 1);
        lost.onGenerated(frame("b", 1, Map.of("generator", 2L)), 2);
        assertFalse(lost.terminal());
        lost.onDeadLetter();
        assertTrue(lost.terminal(), "every frame is either generated or dead-lettered");
        assertFalse(lost.succeeded());

        JobRecord refused = new JobRecord("c");
        refused.submitFailed(0, "S3 down");
        assertTrue(refused.terminal());
        assertEquals("submission failed: S3 down", refused.failure());
    }

    @Test
    void stageLatenciesAreDifferencesOfConsecutiveStamps() {
        Map<String, Percentiles> stages = StageLatencies.of(List.of(finishedJob("x", 0), finishedJob("y", 5000)));
        assertEquals(List.of("depth", "keypoints", "motion", "generator", StageLatencies.ASSEMBLY),
                List.copyOf(stages.keySet()));
        assertEquals(200, stages.get("depth").p50());
        assertEquals(100, stages.get("keypoints").p50());
        assertEquals(50, stages.get("motion").p50());
        assertEquals(550, stages.get("generator").p50());
        assertEquals(6, stages.get("generator").count());
        assertEquals(500, stages.get(StageLatencies.ASSEMBLY).p50(), "result 500 ms after the last frame");
    }

    @Test
    void planIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(0, 1, Duration.ofMinutes(1), null));
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(LoadPlan.MAX_JOBS + 1, 1, Duration.ofMinutes(1), null));
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(1, 1000, Duration.ofMinutes(1), null));
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(1, 1, Duration.ofDays(2), null));
        LoadPlan plan = new LoadPlan(4, 2, Duration.ofMinutes(1), null);
        assertEquals(1.5, plan.dueSeconds(3));
        assertEquals(0, new LoadPlan(4, 0, Duration.ofMinutes(1), null).dueSeconds(3));
    }

    @Test
    void jobIdPrefixesMakeValidJobIds() {
        String id = LoadRun.jobIdPrefix() + "0001";
        assertTrue(org.daganstream.common.blob.BlobKeys.isValidJobId(id), id);
    }
}
