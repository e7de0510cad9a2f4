package org.daganstream.ingest.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.ObjectRef;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.InMemoryBlobStore;
import org.daganstream.common.retry.Backoff;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.ingest.IngestMetrics;
import org.daganstream.ingest.TestMedia;
import org.daganstream.ingest.TestMedia.VideoSpec;
import org.daganstream.ingest.media.Limits;
import org.daganstream.schema.AvroTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job logic on an in-memory blob store: outcomes, cleanup, retries, cancellation. */
class JobProcessorTest {

    @TempDir
    static Path media;
    static byte[] video;
    static byte[] truncatedVideo;
    static byte[] face;

    @TempDir
    Path workDir;
    private InMemoryBlobStore memory;
    private FlakyBlobStore blobs;
    private ExecutorService uploads;
    private final List<JobState> progress = new CopyOnWriteArrayList<>();
    private SimpleMeterRegistry registry;
    private JobProcessor processor;

    @BeforeAll
    static void makeMedia() throws Exception {
        AvroTrust.install();
        Path mp4 = TestMedia.writeMp4(media.resolve("drive.mp4"), VideoSpec.of(80, 60, 6).withFastStart());
        video = Files.readAllBytes(mp4);
        Path longer = TestMedia.writeMp4(media.resolve("long.mp4"), VideoSpec.of(80, 60, 40).withFastStart());
        truncatedVideo = TestMedia.truncate(longer, 0.7);
        face = TestMedia.png(TestMedia.rgbImage(120, 140));
    }

    @BeforeEach
    void setUp() {
        memory = new InMemoryBlobStore("dagan");
        blobs = new FlakyBlobStore(memory);
        uploads = Executors.newFixedThreadPool(2);
        registry = new SimpleMeterRegistry();
        processor = processor(2);
    }

    private JobProcessor processor(int attempts) {
        return new JobProcessor(blobs, new JobProcessor.Settings(new Limits(640, 480, 100, 5_000_000), workDir, 3,
                "bundle-default", attempts, Backoff.fixed(Duration.ofMillis(5))), uploads, new IngestMetrics(registry),
                (job, state) -> progress.add(state));
    }

    @AfterEach
    void tearDown() {
        uploads.shutdownNow();
    }

    private JobRequest job(String jobId, int anchor) {
        memory.put("uploads/" + jobId + "/face.png", face);
        memory.put("uploads/" + jobId + "/drive.mp4", video);
        return JobRequest.newBuilder()
                .setJobId(jobId)
                .setSource(new ObjectRef("dagan", "uploads/" + jobId + "/face.png"))
                .setDriving(new ObjectRef("dagan", "uploads/" + jobId + "/drive.mp4"))
                .setOptions(JobOptions.newBuilder().setAnchorFrame(anchor).build())
                .setSubmittedAt(Instant.now())
                .build();
    }

    @Test
    void writesEveryFrameAndTheSourceAsModelSizedTensors() throws Exception {
        JobOutcome outcome = processor.process(job("j1", 0), () -> false);

        var ok = assertInstanceOf(JobOutcome.Ingested.class, outcome);
        assertEquals(6, ok.video().frameCount());
        assertEquals("bundle-default", ok.modelBundleId());
        assertEquals(120, ok.sourceSize().getWidth());
        assertEquals(140, ok.sourceSize().getHeight());
        assertEquals(List.of(JobState.ACCEPTED, JobState.DECODING), progress);
        assertEquals(6, memory.list(BlobKeys.kindPrefix("j1", BlobKeys.FRAMES)).size());
        List<float[]> expected = TestMedia.expectedFrames(media.resolve("drive.mp4"));
        for (int i = 0; i < 6; i++) {
            Tensor frame = Npy.readFloat32(memory.get(BlobKeys.frame("j1", i)));
            assertArrayEquals(new int[] {3, 256, 256}, frame.shape());
            assertArrayEquals(expected.get(i), frame.data(), "frame " + i);
        }
        assertArrayEquals(new int[] {3, 256, 256}, Npy.readFloat32(memory.get(BlobKeys.sourceImage("j1"))).shape());
        try (var files = Files.list(workDir)) {
            assertEquals(0, files.count(), "the downloaded video is deleted");
        }
        assertEquals(6.0, registry.get("dagan.ingest.frames.decoded").counter().count());
        assertEquals(1.0, registry.get("dagan.ingest.jobs.accepted").counter().count());
    }

    @Test
    void aTruncatedVideoIsRejectedAndItsHalfWrittenFramesDeleted() {
        JobRequest job = job("j2", 0);
        memory.put("uploads/j2/drive.mp4", truncatedVideo);

        var rejected = assertInstanceOf(JobOutcome.Rejected.class, processor.process(job, () -> false));

        assertEquals("truncated-video", rejected.category());
        assertTrue(rejected.reason().contains("driving video s3://dagan/uploads/j2/drive.mp4 appears truncated"),
                rejected.reason());
        assertTrue(blobs.puts.get() > 2, "some frames were written before the damage showed");
        assertEquals(List.of(), memory.list("jobs/j2/"), "no blob of the failed job is left");
    }

    @Test
    void aMissingObjectIsNamed() {
        JobRequest job = job("j3", 0);
        memory.delete("uploads/j3/drive.mp4");

        var rejected = assertInstanceOf(JobOutcome.Rejected.class, processor.process(job, () -> false));

        assertEquals("missing-object", rejected.category());
        assertEquals("driving video s3://dagan/uploads/j3/drive.mp4 does not exist; upload it before submitting the job"
                + " (or check the bucket and key)", rejected.reason());
        assertEquals(List.of(JobState.ACCEPTED), progress);
    }

    @Test
    void anAnchorBeyondTheVideoIsRejectedAfterDecoding() {
        var rejected = assertInstanceOf(JobOutcome.Rejected.class, processor.process(job("j4", 6), () -> false));
        assertTrue(rejected.reason().contains("anchorFrame 6 is outside the 6 frames"), rejected.reason());
        assertEquals(List.of(), memory.list("jobs/j4/"));
    }

    @Test
    void invalidRequestsListEveryProblem() {
        JobRequest job = JobRequest.newBuilder(job("j5", -2))
                .setDriving(new ObjectRef("elsewhere", "drive.mp4"))
                .build();

        var rejected = assertInstanceOf(JobOutcome.Rejected.class, processor.process(job, () -> false));

        assertEquals("invalid-request", rejected.category());
        assertTrue(rejected.reason().contains("driving object is in bucket 'elsewhere'"), rejected.reason());
        assertTrue(rejected.reason().contains("anchorFrame -2 is negative"), rejected.reason());
        assertEquals(List.of(), progress, "nothing is ACCEPTED before validation");
    }

    @Test
    void objectsAboveTheByteLimitAreRejectedBeforeAnyByteIsRead() {
        JobProcessor strict = strictProcessor(face.length - 1);
        var rejected = assertInstanceOf(JobOutcome.Rejected.class, strict.process(job("j9", 0), () -> false));
        assertEquals("input-too-large", rejected.category());
        assertTrue(rejected.reason().startsWith("source image s3://dagan/uploads/j9/face.png is larger than "),
                rejected.reason());
        assertTrue(rejected.reason().contains("(ingest.max.bytes): it has " + face.length + " bytes; upload a smaller"),
                rejected.reason());
        assertEquals(0, blobs.reads.get(), "the oversized object was transferred");
    }

    @Test
    void anOversizedDrivingVideoIsRefusedBeforeTheSourceIsDecoded() {
        JobRequest job = job("j10", 0);
        memory.put("uploads/j10/drive.mp4", new byte[face.length + 1]);
        var rejected = assertInstanceOf(JobOutcome.Rejected.class, strictProcessor(face.length).process(job, () -> false));
        assertEquals("input-too-large", rejected.category());
        assertTrue(rejected.reason().startsWith("driving video s3://dagan/uploads/j10/drive.mp4 is larger than "
                + face.length + " bytes"), rejected.reason());
        assertEquals(0, blobs.reads.get(), "an input was read although the job was bound to be refused");
        assertEquals(List.of(), memory.list("jobs/j10/"));
    }

    @Test
    void anObjectThatGrewAfterTheSizeCheckIsStillCutOffWhileReading() {
        blobs.statSize.set(1); // the sizes checked are stale: the objects were replaced by bigger ones
        var rejected = assertInstanceOf(JobOutcome.Rejected.class,
                strictProcessor(face.length - 1).process(job("j11", 0), () -> false));
        assertEquals("input-too-large", rejected.category());
        assertEquals("source image s3://dagan/uploads/j11/face.png is larger than " + (face.length - 1)
                + " bytes, the limit (ingest.max.bytes); upload a smaller file", rejected.reason());
    }

    private JobProcessor strictProcessor(long maxBytes) {
        return new JobProcessor(blobs, new JobProcessor.Settings(new Limits(640, 480, 100, maxBytes),
                workDir, 3, "bundle-default", 1, Backoff.fixed(Duration.ofMillis(5))), uploads,
                new IngestMetrics(registry), (job, state) -> progress.add(state));
    }

    @Test
    void transientStoreFailuresAreRetried() {
        blobs.failPuts.set(1);
        var ok = assertInstanceOf(JobOutcome.Ingested.class, processor.process(job("j6", 0), () -> false));
        assertEquals(6, ok.video().frameCount());
        assertEquals(6, memory.list(BlobKeys.kindPrefix("j6", BlobKeys.FRAMES)).size());
    }

    @Test
    void persistentStoreFailuresFailTheJobAsInternal() {
        blobs.failPuts.set(1000);
        var rejected = assertInstanceOf(JobOutcome.Rejected.class, processor.process(job("j7", 0), () -> false));
        assertEquals("internal-error", rejected.category());
        assertTrue(rejected.reason().contains("after 2 attempts"), rejected.reason());
        assertTrue(rejected.reason().contains("not a problem with the input"), rejected.reason());
        assertEquals(List.of(), memory.list("jobs/j7/"));
    }

    @Test
    void cancellationStopsBetweenFramesAndLeavesBlobsForTheRedo() {
        int[] checks = {0};
        assertThrows(CancellationException.class, () -> processor.process(job("j8", 0), () -> ++checks[0] > 3));
        assertFalse(memory.list("jobs/j8/").isEmpty(), "blobs stay: whoever redoes the job overwrites them");
    }
}
