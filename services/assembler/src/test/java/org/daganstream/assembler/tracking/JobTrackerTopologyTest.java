package org.daganstream.assembler.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.daganstream.assembler.AssemblerMetrics;
import org.daganstream.assembler.testing.Jobs;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.kafka.AvroSerde;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class JobTrackerTopologyTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    /** Progress every 3 frames or 1 s; stall after 10 s; re-offer 5 s after start. */
    private static final TrackerSettings SETTINGS = new TrackerSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofMinutes(10), 1000);

    @TempDir
    Path stateDir;

    private final RecordingHandoff handoff = new RecordingHandoff();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> generated;
    private TestInputTopic<String, byte[]> manifests;
    private TestInputTopic<String, byte[]> results;
    private TestOutputTopic<String, JobStatus> status;
    private TestOutputTopic<String, DeadLetterFrame> dlq;

    @BeforeEach
    void start() {
        AssemblerTopics topics = AssemblerTopics.defaults();
        var topology = AssemblerTopology.build(topics, SETTINGS, handoff, new AssemblerMetrics(registry),
                AvroSerde.forType(JobStatus.class), AvroSerde.forType(DeadLetterFrame.class), 0);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dagan-assembler-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props, T0);
        generated = driver.createInputTopic(topics.generated(), new StringSerializer(), new ByteArraySerializer());
        manifests = driver.createInputTopic(topics.manifests(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createInputTopic(topics.reenactments(), new StringSerializer(), new ByteArraySerializer());
        status = driver.createOutputTopic(topics.status(), new StringDeserializer(),
                AvroSerde.forType(JobStatus.class));
        dlq = driver.createOutputTopic(topics.dlq(), new StringDeserializer(),
                AvroSerde.forType(DeadLetterFrame.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void manifest(String jobId, int frames) {
        manifests.pipeInput(jobId, WireCodecs.JOB_MANIFEST.encode(Jobs.manifest(jobId, frames, 25.0, 64)));
    }

    private void frame(String jobId, int index, int frames) {
        generated.pipeInput(jobId + "/" + index,
                WireCodecs.FRAME_DESCRIPTOR.encode(Jobs.generated(jobId, index, frames, 1_000 + index)));
    }

    private void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    private List<String> statusSummary() {
        return status.readValuesToList().stream()
                .map(s -> s.getState() + " " + s.getFramesDone() + "/" + s.getFrameCount()).toList();
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void duplicateFramesCountOnce() {
        manifest("j1", 5);
        frame("j1", 0, 5);
        frame("j1", 1, 5);
        frame("j1", 1, 5);
        frame("j1", 0, 5);
        frame("j1", 2, 5);
        frame("j1", 2, 5);
        advance(Duration.ofSeconds(1));

        List<JobStatus> statuses = status.readValuesToList();
        assertEquals(3, statuses.get(statuses.size() - 1).getFramesDone(), "three distinct frames");
        statuses.forEach(s -> assertTrue(s.getFramesDone() <= 3, "never more than the distinct frames: " + s));
        assertEquals(3.0, counter("dagan.assembler.frames.counted"));
        assertEquals(3.0, counter("dagan.assembler.frames.duplicate"));
        assertTrue(handoff.offers.isEmpty(), "incomplete job must not be muxed");
    }

    @Test
    void progressIsThrottledAndTheLastCountAlwaysGoesOut() {
        manifest("j2", 10);
        for (int i = 0; i < 10; i++) {
            frame("j2", i, 10);
        }
        // First frame, then every 3 new frames, then the final count and the state change.
        assertEquals(List.of("PROCESSING 1/10", "PROCESSING 4/10", "PROCESSING 7/10", "PROCESSING 10/10",
                "ASSEMBLING 10/10"), statusSummary());
    }

    @Test
    void progressHeldBackByTheThrottleIsPublishedAfterTheInterval() {
        manifest("j3", 10);
        frame("j3", 0, 10);
        frame("j3", 1, 10);
        assertEquals(List.of("PROCESSING 1/10"), statusSummary());
        advance(Duration.ofSeconds(1));
        assertEquals(List.of("PROCESSING 2/10"), statusSummary());
        advance(Duration.ofSeconds(1));
        assertEquals(List.of(), statusSummary(), "nothing new, nothing published");
    }

    @Test
    void stalledJobNamesItsMissingFramesAndRecovers() {
        manifest("j4", 6);
        for (int i : new int[] {0, 2, 3, 5}) {
            frame("j4", i, 6);
        }
        status.readValuesToList();
        advance(Duration.ofSeconds(9));
        assertTrue(status.readValuesToList().stream().noneMatch(s -> s.getState() == JobState.STALLED),
                "not stalled before the timeout");
        advance(Duration.ofSeconds(2));

        List<JobStatus> stalled = status.readValuesToList().stream()
                .filter(s -> s.getState() == JobState.STALLED).toList();
        assertEquals(1, stalled.size());
        JobStatus s = stalled.get(0);
        assertEquals(List.of(1, 4), s.getMissingFrames());
        assertEquals(4, s.getFramesDone());
        assertTrue(s.getReason().contains("frames 1, 4"), s.getReason());
        assertTrue(s.getReason().contains("dead-letter"), s.getReason());
        assertEquals(1.0, counter("dagan.assembler.jobs.stalled"));

        advance(Duration.ofSeconds(30));
        assertTrue(status.readValuesToList().isEmpty(), "a stall is reported once");

        // A replay delivers the missing frames: progress resumes and the job completes.
        frame("j4", 1, 6);
        assertEquals(List.of("PROCESSING 5/6"), statusSummary());
        frame("j4", 4, 6);
        assertEquals(List.of("PROCESSING 6/6", "ASSEMBLING 6/6"), statusSummary());
        assertEquals(List.of("j4"), handoff.offeredJobs());
    }

    @Test
    void allFramesWithoutManifestWaitAndStallWithAClearReason() {
        frame("j5", 0, 2);
        frame("j5", 1, 2);
        assertTrue(handoff.offers.isEmpty(), "the muxer needs the manifest (fps, audio)");
        status.readValuesToList();
        advance(Duration.ofSeconds(11));
        JobStatus stalled = status.readValue();
        assertEquals(JobState.STALLED, stalled.getState());
        assertTrue(stalled.getReason().contains("manifest"), stalled.getReason());
        assertTrue(stalled.getMissingFrames().isEmpty());
    }

    @Test
    void completionHandsTheJobOverExactlyOnceAndTheResultCleansUp() {
        // Frames first, manifest last: completion happens on the manifest.
        frame("j6", 2, 3);
        frame("j6", 0, 3);
        frame("j6", 1, 3);
        assertTrue(handoff.offers.isEmpty());
        manifest("j6", 3);
        assertEquals(1, handoff.offers.size());
        MuxRequest request = handoff.offers.get(0);
        assertEquals("j6", request.jobId());
        assertEquals(3, request.frameCount());
        assertEquals(25.0, request.manifest().getFps());
        // Frames 0..2 entered generation at 1300..1302 and left it at 1400..1402.
        assertEquals(102L, request.stageTimings().get("generator"));
        assertEquals(2L, request.stageTimings().get("ingest"));
        assertEquals(1000L, request.firstTimestamp());

        // Redeliveries and periodic checks while the mux runs change nothing.
        frame("j6", 1, 3);
        manifest("j6", 3);
        advance(Duration.ofSeconds(20));
        assertEquals(1, handoff.offers.size(), "exactly one mux per job");
        assertTrue(status.readValuesToList().stream().noneMatch(s -> s.getState() == JobState.STALLED));

        // The published result comes back: final status, state dropped.
        results.pipeInput("j6", WireCodecs.REENACTMENT.encode(Jobs.result("j6", ReenactmentOutcome.SUCCEEDED, null)));
        List<JobStatus> last = status.readValuesToList();
        assertEquals(1, last.size());
        assertEquals(JobState.SUCCEEDED, last.get(0).getState());
        assertEquals(3, last.get(0).getFramesDone());
        assertEquals(List.of("j6"), handoff.forgotten);
        assertNull(driver.getKeyValueStore(JobTracker.JOBS_STORE).get("j6"));
        assertNull(driver.getKeyValueStore(JobTracker.MANIFESTS_STORE).get("j6"));

        // A late duplicate does not resurrect the job.
        frame("j6", 0, 3);
        advance(Duration.ofSeconds(20));
        assertTrue(status.readValuesToList().isEmpty());
        assertNull(driver.getKeyValueStore(JobTracker.JOBS_STORE).get("j6"));
        assertEquals(1, handoff.offers.size());
    }

    @Test
    void aResubmittedJobIdIsTrackedAgain() {
        manifest("j12", 1);
        frame("j12", 0, 1);
        results.pipeInput("j12", WireCodecs.REENACTMENT.encode(Jobs.result("j12", ReenactmentOutcome.SUCCEEDED, null)));
        status.readValuesToList();

        // Same job id, ingested again later: a new run, not a late duplicate.
        manifests.pipeInput("j12", WireCodecs.JOB_MANIFEST.encode(Jobs.manifest("j12", 2, 25.0, 64,
                org.daganstream.avro.JobOptions.newBuilder().build(), null, 50_000)));
        generated.pipeInput("j12/0", WireCodecs.FRAME_DESCRIPTOR.encode(Jobs.generated("j12", 0, 2, 50_100)));
        generated.pipeInput("j12/1", WireCodecs.FRAME_DESCRIPTOR.encode(Jobs.generated("j12", 1, 2, 50_200)));
        assertEquals(List.of("PROCESSING 1/2", "PROCESSING 2/2", "ASSEMBLING 2/2"), statusSummary());
        assertEquals(List.of("j12", "j12"), handoff.offeredJobs());
        assertEquals(2, handoff.offers.get(1).frameCount());
    }

    @Test
    void failedMuxResultGivesFailedStatusWithTheReason() {
        manifest("j7", 1);
        frame("j7", 0, 1);
        status.readValuesToList();
        results.pipeInput("j7", WireCodecs.REENACTMENT.encode(
                Jobs.result("j7", ReenactmentOutcome.FAILED, "generated frame 0 is missing")));
        JobStatus s = status.readValue();
        assertEquals(JobState.FAILED, s.getState());
        assertEquals("generated frame 0 is missing", s.getReason());
    }

    @Test
    void jobFailedUpstreamIsDroppedWithoutAStatusOfOurs() {
        manifest("j8", 4);
        frame("j8", 0, 4);
        status.readValuesToList();
        results.pipeInput("j8", WireCodecs.REENACTMENT.encode(
                Jobs.result("j8", ReenactmentOutcome.FAILED, "driving video is corrupt")));
        assertTrue(status.readValuesToList().isEmpty(), "ingest already published FAILED");
        assertNull(driver.getKeyValueStore(JobTracker.JOBS_STORE).get("j8"));
        advance(Duration.ofSeconds(20));
        assertTrue(status.readValuesToList().isEmpty(), "no STALLED for a dropped job");
    }

    @Test
    void refusedOrOrphanedCompleteJobsAreOfferedAgainAfterTheRecoveryGrace() {
        handoff.accept = false;
        manifest("j9", 1);
        frame("j9", 0, 1);
        assertEquals(1, handoff.offers.size());
        advance(Duration.ofSeconds(3));
        assertEquals(1, handoff.offers.size(), "not before the recovery grace");
        handoff.accept = true;
        advance(Duration.ofSeconds(3));
        assertEquals(2, handoff.offers.size(), "offered again after the grace");
        advance(Duration.ofSeconds(5));
        assertEquals(2, handoff.offers.size(), "in hand now: not offered again");
    }

    @Test
    void badRecordsAreDeadLetteredAndTheStreamKeepsFlowing() {
        generated.pipeInput("j10/0", new byte[] {1, 2, 3});
        FrameDescriptor source = Jobs.generated("j10", 0, 2, 0);
        source.setRole(FrameRole.SOURCE);
        source.setFrameIndex(-1);
        generated.pipeInput("j10/source", WireCodecs.FRAME_DESCRIPTOR.encode(source));
        generated.pipeInput("j10/5", WireCodecs.FRAME_DESCRIPTOR.encode(Jobs.generated("j10", 5, 2, 0)));
        var badManifest = Jobs.manifest("j10", 2, 0.0, 64);
        manifests.pipeInput("j10", WireCodecs.JOB_MANIFEST.encode(badManifest));
        manifests.pipeInput("j10", (byte[]) null); // a tombstone is not an error

        List<DeadLetterFrame> dead = dlq.readValuesToList();
        assertEquals(4, dead.size());
        dead.forEach(d -> assertEquals("assembler", d.getStage()));
        assertEquals("j10/0", dead.get(0).getRecordKey());
        assertNull(dead.get(0).getDescriptor());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), dead.get(0).getOriginalValue());
        assertTrue(dead.get(0).getErrorMessage().contains("FrameDescriptor"), dead.get(0).getErrorMessage());
        assertTrue(dead.get(1).getErrorMessage().contains("SOURCE"), dead.get(1).getErrorMessage());
        assertTrue(dead.get(2).getErrorMessage().contains("outside 0..1"), dead.get(2).getErrorMessage());
        assertEquals(5, dead.get(2).getDescriptor().getFrameIndex());
        assertTrue(dead.get(3).getErrorMessage().contains("fps"), dead.get(3).getErrorMessage());
        assertEquals("dagan.jobs.manifests", dead.get(3).getSourceTopic());
        assertEquals(4.0, counter("dagan.assembler.records.dead.lettered"));

        frame("j10", 0, 2);
        assertEquals(List.of("PROCESSING 1/2"), statusSummary());
    }

    @Test
    void abandonedJobsAreDroppedAfterTheStateTtl() {
        frame("j11", 0, 5);
        advance(Duration.ofMinutes(31));
        assertNull(driver.getKeyValueStore(JobTracker.JOBS_STORE).get("j11"));
        assertEquals(1.0, counter("dagan.assembler.jobs.abandoned"));
    }
}
