package org.daganstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.ObjectRef;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.common.tensor.Npy;
import org.daganstream.embedded.EmbeddedStack;
import org.daganstream.ingest.TestMedia.VideoSpec;
import org.daganstream.ingest.resize.SkimageResize;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service end to end on the embedded broker and S3: jobs go in on {@code dagan.jobs}, frames, descriptors,
 * manifests, statuses and failures come out as the pipeline contract says.
 */
class IngestServiceEmbeddedTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static DaganConfig config;
    static BlobStore blobs;
    static IngestService service;
    static KafkaProducer<String, byte[]> producer;
    static TopicRecorder recorder;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.builder()
                .topic(Topics.JOBS, 2)
                .topic(Topics.FRAMES_DECODED, 3)
                .compactedTopic(Topics.JOB_MANIFESTS, 1)
                .compactedTopic(Topics.JOB_STATUS, 2)
                .topic(Topics.REENACTMENTS, 1)
                .topic(Topics.FRAMES_DLQ, 1)
                .start();
        Map<String, String> values = new HashMap<>(stack.clientProperties());
        values.put("http.port", "0");
        values.put("model.bundle.id", "tiny-test-bundle");
        values.put("ingest.work.dir", dir.resolve("work").toString());
        values.put("ingest.concurrency", "2");
        values.put("ingest.max.width", "640");
        values.put("ingest.max.height", "480");
        values.put("ingest.max.frames", "40");
        values.put("ingest.max.bytes", "3MiB");
        values.put("ingest.job.max.attempts", "1");
        values.put("metrics.instance", "test");
        config = DaganConfig.of(values);
        blobs = BlobStore.fromConfig(config);
        service = IngestService.start(config);
        producer = KafkaClients.producer(config, "test-jobs");
        recorder = new TopicRecorder(config, List.of(Topics.FRAMES_DECODED, Topics.JOB_MANIFESTS, Topics.JOB_STATUS,
                Topics.REENACTMENTS, Topics.FRAMES_DLQ));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {recorder, producer, service, blobs, stack}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static JobRequest job(String jobId, String sourceKey, String drivingKey, int anchor) {
        return JobRequest.newBuilder()
                .setJobId(jobId)
                .setSource(new ObjectRef(stack.bucket(), sourceKey))
                .setDriving(new ObjectRef(stack.bucket(), drivingKey))
                .setOptions(JobOptions.newBuilder().setAnchorFrame(anchor).setRelativeMotion(true).setAdaptScale(false)
                        .setCallbackMetadata(Map.of("ticket", jobId)).build())
                .setSubmittedAt(Instant.now())
                .build();
    }

    /** Uploads a face and a driving video for {@code jobId} and returns the request. */
    private static JobRequest uploadJob(String jobId, byte[] face, Path video) throws Exception {
        String sourceKey = BlobKeys.upload(jobId, "face.png");
        String drivingKey = BlobKeys.upload(jobId, "drive.mp4");
        blobs.put(sourceKey, face);
        blobs.put(drivingKey, Files.readAllBytes(video));
        return job(jobId, sourceKey, drivingKey, 0);
    }

    private static void submit(JobRequest job) throws Exception {
        producer.send(new ProducerRecord<>(Topics.JOBS, job.getJobId(), WireCodecs.JOB_REQUEST.encode(job))).get();
    }

    private static List<JobStatus> statuses(List<ConsumerRecord<String, byte[]>> records, String jobId) {
        return records.stream().filter(r -> r.topic().equals(Topics.JOB_STATUS) && jobId.equals(r.key()))
                .map(r -> WireCodecs.JOB_STATUS.decode(r.value())).toList();
    }

    private static boolean finalState(List<ConsumerRecord<String, byte[]>> records, String jobId) {
        return statuses(records, jobId).stream()
                .anyMatch(s -> s.getState() == JobState.PROCESSING || s.getState() == JobState.FAILED);
    }

    private static List<ConsumerRecord<String, byte[]>> awaitFinal(String... jobIds) {
        return recorder.awaitUntil(records -> Set.of(jobIds).stream().allMatch(id -> finalState(records, id)), WAIT,
                "final status of " + String.join(", ", jobIds));
    }

    private static List<FrameDescriptor> descriptors(List<ConsumerRecord<String, byte[]>> records, String jobId) {
        return records.stream().filter(r -> r.topic().equals(Topics.FRAMES_DECODED) && r.key().startsWith(jobId + "/"))
                .map(r -> {
                    FrameDescriptor d = WireCodecs.FRAME_DESCRIPTOR.decode(r.value());
                    String expectedKey = d.getFrameIndex() == -1 ? jobId + "/source" : jobId + "/" + d.getFrameIndex();
                    assertEquals(expectedKey, r.key());
                    return d;
                }).toList();
    }

    private static Reenactment reenactment(List<ConsumerRecord<String, byte[]>> records, String jobId) {
        return records.stream().filter(r -> r.topic().equals(Topics.REENACTMENTS) && jobId.equals(r.key()))
                .map(r -> WireCodecs.REENACTMENT.decode(r.value())).findFirst().orElse(null);
    }

    private static String failureReason(List<ConsumerRecord<String, byte[]>> records, String jobId) {
        JobStatus last = statuses(records, jobId).get(statuses(records, jobId).size() - 1);
        assertEquals(JobState.FAILED, last.getState(), jobId + " should have FAILED");
        Reenactment result = reenactment(records, jobId);
        assertNotNull(result, jobId + " has no Reenactment");
        assertEquals(ReenactmentOutcome.FAILED, result.getOutcome());
        assertEquals(last.getReason(), result.getError());
        return last.getReason();
    }

    // ---- tests -------------------------------------------------------------------------------------------------

    @Test
    void aJobBecomesFrameBlobsDescriptorsManifestAndStatuses() throws Exception {
        Path video = TestMedia.writeMp4(dir.resolve("ok.mp4"), VideoSpec.of(160, 120, 8).withAudio().withFps(24));
        BufferedImage face = TestMedia.rgbImage(300, 200);
        JobRequest job = uploadJob("happy-1", TestMedia.png(face), video);

        submit(job);
        var records = awaitFinal("happy-1");

        assertEquals(List.of(JobState.ACCEPTED, JobState.DECODING, JobState.PROCESSING),
                statuses(records, "happy-1").stream().map(JobStatus::getState).toList());
        assertEquals(8, statuses(records, "happy-1").get(2).getFrameCount());

        List<FrameDescriptor> descriptors = descriptors(records, "happy-1");
        assertEquals(9, descriptors.size(), "8 driving frames + the source");
        FrameDescriptor source = descriptors.stream().filter(d -> d.getRole() == FrameRole.SOURCE).findFirst().orElseThrow();
        assertEquals(-1, source.getFrameIndex());
        assertEquals(BlobKeys.sourceImage("happy-1"), source.getBlobs().getFrame());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), descriptors.stream().filter(d -> d.getRole() == FrameRole.DRIVING)
                .map(FrameDescriptor::getFrameIndex).collect(Collectors.toSet()));
        for (FrameDescriptor d : descriptors) {
            assertEquals(8, d.getFrameCount());
            assertEquals("tiny-test-bundle", d.getModelBundleId());
            assertEquals(0, d.getAttempt());
            assertTrue(d.getMotion().getRelative());
            assertFalse(d.getMotion().getAdaptScale());
            assertNull(d.getBlobs().getDepth());
            assertTrue(d.getStageTimestamps().containsKey("ingest"));
            if (d.getRole() == FrameRole.DRIVING) {
                assertEquals(BlobKeys.frame("happy-1", d.getFrameIndex()), d.getBlobs().getFrame());
            }
        }

        JobManifest manifest = records.stream().filter(r -> r.topic().equals(Topics.JOB_MANIFESTS))
                .map(r -> WireCodecs.JOB_MANIFEST.decode(r.value())).filter(m -> m.getJobId().equals("happy-1"))
                .findFirst().orElseThrow();
        assertEquals(8, manifest.getFrameCount());
        assertEquals(24.0, manifest.getFps(), 1e-9);
        assertEquals(300, manifest.getSourceSize().getWidth());
        assertEquals(200, manifest.getSourceSize().getHeight());
        assertEquals(160, manifest.getDrivingSize().getWidth());
        assertEquals(256, manifest.getImageSize().getWidth());
        assertTrue(manifest.getHasAudio());
        assertEquals(job.getDriving().getKey(), manifest.getAudioKey());
        assertEquals(BlobKeys.sourceImage("happy-1"), manifest.getSourceKey());
        assertEquals(Map.of("ticket", "happy-1"), manifest.getOptions().getCallbackMetadata());
        assertEquals("tiny-test-bundle", manifest.getModelBundleId());

        List<float[]> expected = TestMedia.expectedFrames(video);
        assertEquals(8, blobs.list(BlobKeys.kindPrefix("happy-1", BlobKeys.FRAMES)).size());
        for (int i = 0; i < 8; i++) {
            var tensor = blobs.getTensor(BlobKeys.frame("happy-1", i));
            assertArrayEquals(new int[] {3, 256, 256}, tensor.shape());
            assertArrayEquals(expected.get(i), tensor.data(), "frame " + i);
        }
        float[] expectedSource = SkimageResize.toModelSize().resize(
                org.daganstream.ingest.media.SourceImageDecoderAccess.toRgb(face).view());
        assertArrayEquals(expectedSource, blobs.getTensor(BlobKeys.sourceImage("happy-1")).data());
        assertNull(reenactment(records, "happy-1"), "a successful ingest publishes no Reenactment");
    }

    @Test
    void convertedSourcesAndRedeliveryOverwriteTheSameKeys() throws Exception {
        Path video = TestMedia.writeMp4(dir.resolve("small.mp4"), VideoSpec.of(64, 48, 3));
        BufferedImage gray16 = new BufferedImage(90, 70, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(5, 5, 0, 0xFFFF);
        BufferedImage rgba = new BufferedImage(90, 70, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(3, 3, 0x80FF0000);
        JobRequest grayJob = uploadJob("gray16-1", TestMedia.png(gray16), video);
        JobRequest rgbaJob = uploadJob("rgba-1", TestMedia.png(rgba), video);

        submit(grayJob);
        submit(rgbaJob);
        submit(grayJob);
        var records = recorder.awaitUntil(r -> statuses(r, "gray16-1").stream()
                        .filter(s -> s.getState() == JobState.PROCESSING).count() == 2 && finalState(r, "rgba-1"),
                WAIT, "both gray16 runs and the RGBA job");

        assertEquals(JobState.PROCESSING, statuses(records, "rgba-1").get(statuses(records, "rgba-1").size() - 1).getState());
        assertEquals(3, blobs.list(BlobKeys.kindPrefix("gray16-1", BlobKeys.FRAMES)).size(),
                "the redelivered job wrote the same three keys again");
        assertEquals(8, descriptors(records, "gray16-1").size(), "each run publishes its 3 + 1 descriptors");
        float[] source = blobs.getTensor(BlobKeys.sourceImage("gray16-1")).data();
        // Gray is replicated: the three channel planes are equal.
        int plane = 256 * 256;
        for (int i = 0; i < plane; i += 97) {
            assertEquals(source[i], source[plane + i]);
            assertEquals(source[i], source[2 * plane + i]);
        }
    }

    @Test
    void badInputFailsOnlyItsJobWithAReasonAndLeavesNoBlobs() throws Exception {
        byte[] face = TestMedia.png(TestMedia.rgbImage(100, 100));
        Path good = TestMedia.writeMp4(dir.resolve("good.mp4"), VideoSpec.of(64, 48, 4));
        Path longVideo = TestMedia.writeMp4(dir.resolve("long.mp4"), VideoSpec.of(64, 48, 45));
        Path big = TestMedia.writeMp4(dir.resolve("big.mp4"), VideoSpec.of(656, 96, 2));
        Path forTruncation = TestMedia.writeMp4(dir.resolve("cut-source.mp4"), VideoSpec.of(64, 48, 30).withFastStart());
        Path noFrames = TestMedia.writeMp4(dir.resolve("none.mp4"), VideoSpec.of(64, 48, 0));
        Path garbage = TestMedia.write(dir.resolve("garbage.mp4"), new byte[3000]);
        Path truncated = TestMedia.write(dir.resolve("cut.mp4"), TestMedia.truncate(forTruncation, 0.6));
        Path png = TestMedia.write(dir.resolve("face-as-video.png"), face);

        submit(uploadJob("bad-corrupt", face, garbage));
        submit(uploadJob("bad-truncated", face, truncated));
        submit(uploadJob("bad-noframes", face, noFrames));
        submit(uploadJob("bad-image-as-video", face, png));
        submit(uploadJob("bad-video-as-image", Files.readAllBytes(good), good));
        submit(uploadJob("bad-too-large", face, big));
        submit(uploadJob("bad-too-long", face, longVideo));
        JobRequest missing = job("bad-missing", "uploads/bad-missing/face.png", "uploads/bad-missing/nothing.mp4", 0);
        blobs.put("uploads/bad-missing/face.png", face);
        submit(missing);
        byte[] notAJob = "{\"jobId\": \"bad-malformed\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.JOBS, "bad-malformed", notAJob)).get();
        submit(uploadJob("after-the-bad-ones", face, good));

        var records = awaitFinal("bad-corrupt", "bad-truncated", "bad-noframes", "bad-image-as-video",
                "bad-video-as-image", "bad-too-large", "bad-too-long", "bad-missing", "bad-malformed",
                "after-the-bad-ones");

        assertTrue(failureReason(records, "bad-corrupt").contains("could not be opened as a video"));
        assertTrue(failureReason(records, "bad-truncated").contains("appears truncated or damaged"));
        String noFramesReason = failureReason(records, "bad-noframes");
        assertTrue(noFramesReason.contains("no decodable video frames") || noFramesReason.contains("could not be opened"),
                noFramesReason);
        assertTrue(failureReason(records, "bad-image-as-video").contains("is a PNG image, not a video"));
        assertTrue(failureReason(records, "bad-video-as-image").contains("is an MP4/QuickTime video, not an image"));
        assertTrue(failureReason(records, "bad-too-large").contains("656x96 frames, above the limit 640x480"));
        assertTrue(failureReason(records, "bad-too-long").contains("more than 40 frames"));
        assertEquals("driving video s3://dagan/uploads/bad-missing/nothing.mp4 does not exist; upload it before"
                + " submitting the job (or check the bucket and key)", failureReason(records, "bad-missing"));
        assertTrue(failureReason(records, "bad-malformed").contains("is not a valid JobRequest"));
        assertEquals(Map.of("ticket", "bad-corrupt"), reenactment(records, "bad-corrupt").getCallbackMetadata());

        for (String failed : List.of("bad-corrupt", "bad-truncated", "bad-too-long", "bad-too-large")) {
            assertEquals(List.of(), blobs.list(BlobKeys.jobPrefix(failed)), failed + " left blobs behind");
            assertTrue(descriptors(records, failed).isEmpty(), failed + " published descriptors");
        }
        List<JobStatus> good4 = statuses(records, "after-the-bad-ones");
        assertEquals(JobState.PROCESSING, good4.get(good4.size() - 1).getState());
        assertEquals(5, descriptors(records, "after-the-bad-ones").size());

        DeadLetterFrame deadLetter = records.stream().filter(r -> r.topic().equals(Topics.FRAMES_DLQ))
                .map(r -> WireCodecs.DEAD_LETTER_FRAME.decode(r.value()))
                .filter(d -> "bad-malformed".equals(d.getRecordKey())).findFirst().orElseThrow();
        assertEquals("ingest", deadLetter.getStage());
        assertEquals(Topics.JOBS, deadLetter.getSourceTopic());
        assertEquals(ByteBuffer.wrap(notAJob), deadLetter.getOriginalValue());

        assertTrue(service.isReady(), "the service keeps running");
        String metrics = get("/metrics");
        assertTrue(metrics.contains("dagan_ingest_jobs_failed_total{") && metrics.contains("reason=\"truncated-video\""),
                "failures counted by reason");
        assertTrue(metrics.contains("dagan_ingest_frames_decoded_total"), "frames counted");
        assertTrue(metrics.contains("dagan_ingest_frame_decode_seconds"), "decode time recorded");
    }

    @Test
    void closingFinishesTheJobInHandAndARestartDoesNotRedoIt() throws Exception {
        stack.createTopic("shutdown.jobs", 1);
        DaganConfig own = config.withAll(Map.of("topic.jobs", "shutdown.jobs", "ingest.group.id", "ingest-shutdown-test",
                "ingest.max.frames", "400", "ingest.concurrency", "1"));
        Path video = TestMedia.writeMp4(dir.resolve("longer.mp4"), VideoSpec.of(192, 144, 60));
        byte[] face = TestMedia.png(TestMedia.rgbImage(64, 64));
        JobRequest first = uploadJob("shutdown-1", face, video);
        JobRequest second = uploadJob("shutdown-2", face, TestMedia.writeMp4(dir.resolve("short.mp4"), VideoSpec.of(64, 48, 2)));

        IngestService instance = IngestService.start(own);
        try {
            producer.send(new ProducerRecord<>("shutdown.jobs", "shutdown-1", WireCodecs.JOB_REQUEST.encode(first))).get();
            recorder.awaitUntil(r -> statuses(r, "shutdown-1").stream().anyMatch(st -> st.getState() == JobState.DECODING),
                    WAIT, "shutdown-1 decoding");
        } finally {
            instance.close();
        }
        var afterClose = recorder.settle(Duration.ofMillis(500));
        List<JobStatus> firstStatuses = statuses(afterClose, "shutdown-1");
        assertEquals(JobState.PROCESSING, firstStatuses.get(firstStatuses.size() - 1).getState(),
                "the job in hand was finished and published before the service stopped");
        assertEquals(60, firstStatuses.get(firstStatuses.size() - 1).getFrameCount());

        try (IngestService restarted = IngestService.start(own)) {
            producer.send(new ProducerRecord<>("shutdown.jobs", "shutdown-2", WireCodecs.JOB_REQUEST.encode(second))).get();
            awaitFinal("shutdown-2");
            assertTrue(restarted.isReady());
        }
        var records = recorder.settle(Duration.ofMillis(500));
        assertEquals(1, statuses(records, "shutdown-1").stream().filter(st -> st.getState() == JobState.ACCEPTED).count(),
                "the committed job was not redone after the restart");
        assertEquals(61, descriptors(records, "shutdown-1").size());
    }

    @Test
    void healthEndpointsAnswer() throws Exception {
        var client = HttpClient.newHttpClient();
        var live = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode());
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> ready;
        do {
            ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        } while (ready.statusCode() != 200 && System.nanoTime() < deadline);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"kafka\"") && ready.body().contains("\"s3\""), ready.body());
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + service.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
