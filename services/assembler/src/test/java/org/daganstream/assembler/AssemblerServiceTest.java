package org.daganstream.assembler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.assembler.testing.Jobs;
import org.daganstream.assembler.testing.TestFrames;
import org.daganstream.assembler.testing.TestMedia;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.OutputFormat;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.embedded.EmbeddedStack;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembler service end to end on the embedded broker and S3: input topics with different partition counts,
 * exactly-once Streams, real muxing, results read back by a consumer and a player.
 */
class AssemblerServiceTest {

    private static final int SIZE = 256;
    private static final double FPS = 25.0;

    private static EmbeddedStack stack;
    private static BlobStore blobs;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.builder()
                .topic(Topics.FRAMES_GENERATED, 3)
                .compactedTopic(Topics.JOB_MANIFESTS, 2)
                .topic(Topics.REENACTMENTS, 1)
                .compactedTopic(Topics.JOB_STATUS, 2)
                .topic(Topics.FRAMES_DLQ, 1)
                .start();
        DaganConfig base = DaganConfig.of(stack.clientProperties());
        blobs = BlobStore.fromConfig(base);
        producer = KafkaClients.producer(base, "assembler-it");
    }

    @AfterAll
    static void stopStack() {
        producer.close();
        blobs.close();
        stack.close();
    }

    private DaganConfig config(String name, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(stack.clientProperties());
        values.put("http.port", "0");
        values.put("assembler.state.dir", temp.resolve(name + "-state").toString());
        values.put("assembler.work.dir", temp.resolve(name + "-work").toString());
        values.put("assembler.check.interval", "200ms");
        values.put("assembler.recovery.grace", "1s");
        values.put("topics.partitions", "1");
        values.putAll(extra);
        return DaganConfig.of(values);
    }

    private void publishJob(String jobId, int frames, JobManifest manifest, int... duplicates) {
        // Some frames before the manifest, some after, plus redeliveries.
        for (int i = 0; i < frames / 2; i++) {
            send(Topics.FRAMES_GENERATED, jobId + "/" + i,
                    WireCodecs.FRAME_DESCRIPTOR.encode(Jobs.generated(jobId, i, frames, System.currentTimeMillis())));
        }
        send(Topics.JOB_MANIFESTS, jobId, WireCodecs.JOB_MANIFEST.encode(manifest));
        for (int i = frames / 2; i < frames; i++) {
            send(Topics.FRAMES_GENERATED, jobId + "/" + i,
                    WireCodecs.FRAME_DESCRIPTOR.encode(Jobs.generated(jobId, i, frames, System.currentTimeMillis())));
        }
        for (int d : duplicates) {
            send(Topics.FRAMES_GENERATED, jobId + "/" + d,
                    WireCodecs.FRAME_DESCRIPTOR.encode(Jobs.generated(jobId, d, frames, System.currentTimeMillis())));
        }
        producer.flush();
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private static <T> List<T> consume(String topic, String jobId, java.util.function.Function<byte[], T> decode,
                                       java.util.function.Predicate<List<T>> done, Duration timeout) {
        DaganConfig c = DaganConfig.of(stack.clientProperties());
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(c, null, "it-reader")) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !done.test(out)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(r.key())) {
                        out.add(decode.apply(r.value()));
                    }
                }
            }
        }
        return out;
    }

    private static List<Reenactment> results(String jobId, Duration wait) {
        return consume(Topics.REENACTMENTS, jobId, WireCodecs.REENACTMENT::decode, list -> false, wait);
    }

    private static List<Reenactment> awaitResult(String jobId) {
        return consume(Topics.REENACTMENTS, jobId, WireCodecs.REENACTMENT::decode, list -> !list.isEmpty(),
                Duration.ofSeconds(90));
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void completeJobBecomesOnePlayableMp4WithAudio() throws Exception {
        String jobId = "it-video";
        int frames = 8;
        TestFrames.upload(blobs, jobId, frames, SIZE);
        Path driving = temp.resolve("drive.mp4");
        TestMedia.drivingVideo(driving, frames, FPS, 128, TestMedia.Audio.AAC);
        blobs.put("uploads/it-video/drive.mp4", driving);
        JobManifest manifest = Jobs.manifest(jobId, frames, FPS, SIZE,
                Jobs.options(OutputFormat.MP4, false, Map.of("ticket", "42")), "uploads/it-video/drive.mp4");

        try (AssemblerService service = AssemblerService.start(config("a", Map.of()))) {
            service.awaitRunning(Duration.ofSeconds(60));
            assertTrue(get(service.httpPort(), "/health/ready").startsWith("200"));
            publishJob(jobId, frames, manifest, 3, 0, 7);

            List<Reenactment> first = awaitResult(jobId);
            assertEquals(1, first.size());
            Reenactment result = first.get(0);
            assertEquals(ReenactmentOutcome.SUCCEEDED, result.getOutcome(), String.valueOf(result.getError()));
            assertEquals("results/it-video/video.mp4", result.getVideoKey());
            assertEquals(frames, result.getFrameCount());
            assertTrue(result.getHasAudio());
            assertEquals(Map.of("ticket", "42"), result.getCallbackMetadata());
            assertTrue(result.getStageTimings().containsKey("generator"), result.getStageTimings().toString());

            Path video = temp.resolve("result.mp4");
            blobs.download(result.getVideoKey(), video);
            TestMedia.Probe probe = TestMedia.probe(video, 0);
            assertEquals(frames, probe.videoFrames());
            assertEquals(FPS, probe.fps(), 0.01);
            assertEquals(SIZE, probe.width());
            assertEquals("aac", probe.audioCodec());

            List<JobStatus> statuses = consume(Topics.JOB_STATUS, jobId, WireCodecs.JOB_STATUS::decode,
                    list -> !list.isEmpty() && list.get(list.size() - 1).getState() == JobState.SUCCEEDED,
                    Duration.ofSeconds(30));
            assertEquals(JobState.SUCCEEDED, statuses.get(statuses.size() - 1).getState());
            assertTrue(statuses.stream().anyMatch(s -> s.getState() == JobState.ASSEMBLING));
            statuses.forEach(s -> assertTrue(s.getFramesDone() <= frames, "duplicates never count: " + s));

            String metrics = get(service.httpPort(), "/metrics");
            assertTrue(metrics.startsWith("200"));
            assertTrue(metrics.contains("dagan_assembler_jobs_completed_total{"), "jobs completed metric");
            assertTrue(metrics.contains("dagan_assembler_mux_time_seconds_count"), "mux time metric");
            assertTrue(metrics.contains("dagan_assembler_frames_duplicate_total"), "duplicates metric");

            // Nothing more arrives for the job: exactly one result.
            assertEquals(1, results(jobId, Duration.ofSeconds(3)).size());
        }
        try (Stream<Path> left = Files.list(temp.resolve("a-work"))) {
            assertEquals(List.of(), left.toList(), "work directory cleaned");
        }
    }

    @Test
    void jobCompleteButUnpublishedAtShutdownIsMuxedAfterRestart() throws Exception {
        String jobId = "it-restart";
        int frames = 3;
        TestFrames.upload(blobs, jobId, frames, SIZE);
        JobManifest manifest = Jobs.manifest(jobId, frames, FPS, SIZE,
                Jobs.options(OutputFormat.PNG_FRAMES, false, Map.of()), null);

        // First run: storage unreachable, so the mux fails transiently and backs off; then the service stops.
        Map<String, String> broken = new HashMap<>();
        broken.put("s3.endpoint", "http://127.0.0.1:9");
        broken.put("s3.retry.max.attempts", "1");
        broken.put("assembler.mux.retry.backoff.initial", "10m");
        broken.put("assembler.mux.retry.backoff.max", "10m");
        try (AssemblerService first = AssemblerService.start(config("b", broken))) {
            first.awaitRunning(Duration.ofSeconds(60));
            publishJob(jobId, frames, manifest);
            List<JobStatus> statuses = consume(Topics.JOB_STATUS, jobId, WireCodecs.JOB_STATUS::decode,
                    list -> list.stream().anyMatch(s -> s.getState() == JobState.ASSEMBLING), Duration.ofSeconds(60));
            assertTrue(statuses.stream().anyMatch(s -> s.getState() == JobState.ASSEMBLING));
            Thread.sleep(1_000);
        }
        assertEquals(List.of(), results(jobId, Duration.ofSeconds(1)), "nothing published by the first run");

        // Second run, fresh local state (restored from the changelog), storage reachable: the job is re-muxed once.
        try (AssemblerService second = AssemblerService.start(config("c", Map.of()))) {
            second.awaitRunning(Duration.ofSeconds(60));
            List<Reenactment> results = awaitResult(jobId);
            assertEquals(1, results.size());
            assertEquals(ReenactmentOutcome.SUCCEEDED, results.get(0).getOutcome(), String.valueOf(results.get(0).getError()));
            assertEquals("results/it-restart/frames/", results.get(0).getFramesPrefix());
            assertEquals(frames, blobs.list("results/it-restart/frames/").size());
            List<JobStatus> statuses = consume(Topics.JOB_STATUS, jobId, WireCodecs.JOB_STATUS::decode,
                    list -> !list.isEmpty() && list.get(list.size() - 1).getState() == JobState.SUCCEEDED,
                    Duration.ofSeconds(30));
            assertEquals(JobState.SUCCEEDED, statuses.get(statuses.size() - 1).getState());
        }
    }
}
