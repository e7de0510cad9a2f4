package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.MotionOptions;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.AvroSerde;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.embedded.EmbeddedStack;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The motion service on the embedded KRaft broker with exactly_once_v2: buffered state survives a restart onto an
 * empty state directory (restored from the changelog), each frame comes out exactly once, bad bytes are
 * dead-lettered, and health/metrics answer over HTTP.
 */
class MotionServiceIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final MotionOptions RELATIVE = TestFrames.options(true, true, 0);
    private static EmbeddedStack stack;

    @TempDir
    Path stateRoot;

    private final Random random = new Random(11);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.builder()
                .topic(Topics.FRAMES_KEYPOINTS, 3)
                .topic(Topics.FRAMES_MOTION, 3)
                .topic(Topics.FRAMES_DLQ, 1)
                .inMemoryS3()
                .start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void normalisesExactlyOnceAcrossARestartWithRestoredState() throws Exception {
        KeypointSet source = TestFrames.randomKeypoints(random, 15);
        KeypointSet[] frames = new KeypointSet[4];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = TestFrames.randomKeypoints(random, 15);
        }
        DaganConfig first = config("state-a");

        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(first, "motion-it-producer")) {
            // Phase 1: job-1's frames arrive before its source and anchor; job-2 completes; one garbage record.
            try (MotionService service = MotionService.start(first)) {
                assertTrue(service.awaitRunning(WAIT), "Streams reached RUNNING, state " + service.state());
                assertEquals(200, get(service, "/health/ready").statusCode());

                for (int i = 1; i < 4; i++) {
                    send(producer, TestFrames.driving("job-1", i, 4, RELATIVE, frames[i]));
                }
                send(producer, "bad/1", "garbage".getBytes(StandardCharsets.UTF_8));
                send(producer, TestFrames.source("job-2", 2, RELATIVE, TestFrames.randomKeypoints(random, 15)));
                send(producer, TestFrames.driving("job-2", 0, 2, RELATIVE, TestFrames.randomKeypoints(random, 15)));
                send(producer, TestFrames.driving("job-2", 1, 2, RELATIVE, TestFrames.randomKeypoints(random, 15)));

                // Input partitions interleave freely, so job-2's frames may also wait briefly for its source.
                waitFor(() -> waiting(service) == 3 && count(service, "dagan.motion.frames.emitted") == 2,
                        () -> "3 frames waiting, 2 emitted; got " + waiting(service) + " waiting, "
                                + count(service, "dagan.motion.frames.emitted") + " emitted");

                String metrics = get(service, "/metrics").body();
                assertTrue(metrics.contains("dagan_motion_frames_emitted_total"), "stage counters are exported");
                assertTrue(metrics.contains("kafka_stream"), "Kafka Streams client metrics are bound");
            }

            // Phase 2: a fresh instance with an empty state directory must restore job-1 from the changelog.
            try (MotionService service = MotionService.start(config("state-b"))) {
                assertTrue(service.awaitRunning(WAIT), "Streams reached RUNNING, state " + service.state());
                send(producer, TestFrames.source("job-1", 4, RELATIVE, source));
                send(producer, TestFrames.driving("job-1", 0, 4, RELATIVE, frames[0]));

                Map<String, List<FrameDescriptor>> out = consumeMotion(first, 6);
                assertEquals(List.of("job-1/0", "job-1/1", "job-1/2", "job-1/3", "job-2/0", "job-2/1"),
                        out.keySet().stream().sorted().toList());
                out.forEach((key, copies) -> assertEquals(1, copies.size(), key + " emitted exactly once"));
                KeypointNormalizer normalizer = new KeypointNormalizer();
                for (int i = 0; i < 4; i++) {
                    FrameDescriptor frame = out.get("job-1/" + i).get(0);
                    assertEquals(normalizer.normalize(source, frames[0], frames[i], MotionSettings.DEFAULT),
                            KeypointsMapping.fromAvro(frame.getDrivingKeypoints()), "job-1/" + i);
                    assertEquals(source, KeypointsMapping.fromAvro(frame.getSourceKeypoints()));
                }
                waitFor(() -> count(service, "dagan.motion.jobs.completed") == 1, () -> "job-1 completed");

                List<DeadLetterFrame> dead = consumeDeadLetters(first);
                assertEquals(1, dead.size());
                assertEquals("bad/1", dead.get(0).getRecordKey());
                assertEquals("motion", dead.get(0).getStage());
                assertNull(dead.get(0).getDescriptor());
            }
        }
    }

    private DaganConfig config(String stateDir) {
        Map<String, String> values = new HashMap<>(stack.clientProperties());
        values.put("motion.state.dir", stateRoot.resolve(stateDir).toString());
        values.put("motion.replication.factor", "1");
        values.put("motion.application.id", "dagan-motion-it");
        values.put("topics.partitions", "3");
        values.put("http.port", "0");
        values.put("metrics.instance", "it");
        return DaganConfig.of(values);
    }

    private static void send(KafkaProducer<String, byte[]> producer, FrameDescriptor frame) throws Exception {
        send(producer, FrameKeys.frame(frame.getJobId(), frame.getFrameIndex()),
                WireCodecs.FRAME_DESCRIPTOR.encode(frame));
    }

    /** Synchronous, so a failed send fails the test here instead of as a missing frame later. */
    private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FRAMES_KEYPOINTS, key, value)).get(30, TimeUnit.SECONDS);
    }

    /** Reads committed output until {@code expected} records arrived, then a little longer to catch extras. */
    private static Map<String, List<FrameDescriptor>> consumeMotion(DaganConfig config, int expected) {
        Map<String, List<FrameDescriptor>> out = new HashMap<>();
        try (KafkaConsumer<String, FrameDescriptor> consumer = KafkaClients.consumer(config, "motion-it-reader",
                "motion-it-reader", AvroSerde.forType(FrameDescriptor.class))) {
            consumer.subscribe(List.of(Topics.FRAMES_MOTION));
            long deadline = System.nanoTime() + WAIT.toNanos();
            int seen = 0;
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, FrameDescriptor> r : consumer.poll(Duration.ofMillis(200))) {
                    out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                    seen++;
                }
                if (seen >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return out;
    }

    private static List<DeadLetterFrame> consumeDeadLetters(DaganConfig config) {
        List<DeadLetterFrame> out = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetterFrame> consumer = KafkaClients.consumer(config, "motion-it-dlq",
                "motion-it-dlq", AvroSerde.forType(DeadLetterFrame.class))) {
            consumer.subscribe(List.of(Topics.FRAMES_DLQ));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
            consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
        }
        return out;
    }

    private HttpResponse<String> get(MotionService service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double waiting(MotionService service) {
        return count(service, "dagan.motion.frames.buffered") - count(service, "dagan.motion.frames.released");
    }

    private static double count(MotionService service, String name) {
        Counter counter = service.registry().find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void waitFor(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what.get());
            }
            Thread.sleep(50);
        }
    }

}
