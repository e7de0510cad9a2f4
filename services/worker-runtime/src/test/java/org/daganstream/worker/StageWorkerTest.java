package org.daganstream.worker;

import static org.daganstream.worker.testing.PipelineTestStack.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.BundleManifest;
import org.daganstream.worker.testing.Fixtures;
import org.daganstream.worker.testing.Frames;
import org.daganstream.worker.testing.PipelineTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stage loop on a real broker and S3 server, with a stand-in model so the loop's own behaviour (batching,
 * commits, dead letters, retries, backpressure, restarts, rebalances, HTTP) is what is tested.
 */
class StageWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();

    private static PipelineTestStack stack;
    private static String bundleId;

    @BeforeAll
    static void startStack() {
        stack = PipelineTestStack.start(1);
        bundleId = BundleManifest.read(Fixtures.tinyBundle()).id();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Fresh topics and consumer group per test, so tests do not see each other's records. */
    private record Lane(String in, String out, String dlq, String group) {
        Map<String, String> config() {
            return Map.of(Topics.overrideKey(Topics.FRAMES_DECODED), in, Topics.overrideKey(Topics.FRAMES_DEPTH), out,
                    Topics.overrideKey(Topics.FRAMES_DLQ), dlq, "worker.group.id", group);
        }
    }

    private static Lane lane(int partitions) {
        int n = TOPIC_SEQUENCE.incrementAndGet();
        Lane lane = new Lane("t" + n + ".in", "t" + n + ".out", "t" + n + ".dlq", "g" + n);
        stack.createTopic(lane.in(), partitions);
        stack.createTopic(lane.out(), partitions);
        stack.createTopic(lane.dlq(), 1);
        return lane;
    }

    private static StageWorker start(Lane lane, Map<String, String> extra, AtomicReference<DoublingProcessor> made) {
        return start(lane, extra, made, p -> { });
    }

    /** {@code setup} configures the stand-in model before the worker consumes anything. */
    private static StageWorker start(Lane lane, Map<String, String> extra, AtomicReference<DoublingProcessor> made,
                                     Consumer<DoublingProcessor> setup) {
        Map<String, String> config = new HashMap<>(lane.config());
        config.putAll(extra);
        StageDefinition stage = new StageDefinition("double", Topics.FRAMES_DECODED, Topics.FRAMES_DEPTH, ctx -> {
            DoublingProcessor p = new DoublingProcessor(ctx.blobs());
            setup.accept(p);
            made.set(p);
            return p;
        });
        return StageWorker.start(stack.workerConfig(config), stage);
    }

    private static Tensor input(String job, int index) {
        float base = index * 10;
        return Tensor.of(new float[] {base, base + 1, base + 2, base + 3}, DoublingProcessor.SHAPE);
    }

    private static FrameDescriptor frame(String job, int index, int count) {
        stack.blobs().putTensor(BlobKeys.frame(job, index), input(job, index));
        return Frames.decoded(job, index, count, bundleId);
    }

    private static void assertDoubled(FrameDescriptor out) {
        String key = BlobKeys.depth(out.getJobId(), out.getFrameIndex());
        assertEquals(key, out.getBlobs().getDepth());
        Tensor expected = input(out.getJobId(), out.getFrameIndex());
        float[] doubled = expected.data().clone();
        for (int i = 0; i < doubled.length; i++) {
            doubled[i] *= 2;
        }
        assertArrayEquals(doubled, stack.blobs().getTensor(key).data(), 0f, "blob " + key);
    }

    private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    @Test
    void framesAreBatchedStoredPublishedAndCommitted() throws Exception {
        Lane lane = lane(3);
        int count = 24;
        for (int i = 0; i < count; i++) {
            stack.publish(lane.in(), frame("batched", i, count));
        }
        AtomicReference<DoublingProcessor> processor = new AtomicReference<>();
        try (StageWorker worker = start(lane, Map.of("worker.batch.max.size", "4", "worker.batch.max.delay", "20ms"),
                processor)) {
            List<FrameDescriptor> out = stack.descriptors(lane.out(), count, WAIT, Duration.ZERO);
            assertEquals(count, out.stream().map(FrameDescriptor::getFrameIndex).distinct().count());
            for (FrameDescriptor d : out) {
                assertDoubled(d);
                assertTrue(d.getStageTimestamps().containsKey("double"), "the stage stamps its finish time");
                assertEquals(1_000L, d.getStageTimestamps().get("ingest"), "earlier stamps are kept");
            }
            assertTrue(processor.get().batchSizes.stream().anyMatch(n -> n > 1),
                    "a backlog must be processed in batches, got " + processor.get().batchSizes);
            assertTrue(processor.get().batchSizes.stream().allMatch(n -> n <= 4));
            await("all frames counted", WAIT, () -> worker.metrics().publishedCount() == count);

            HttpClient http = HttpClient.newHttpClient();
            await("readiness", WAIT, worker::isReady);
            HttpResponse<String> ready = get(http, worker, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"model\"") && ready.body().contains(bundleId), ready.body());
            assertEquals(200, get(http, worker, "/health/live").statusCode());
            String metrics = get(http, worker, "/metrics").body();
            for (String name : List.of("dagan_worker_frames_total{", "dagan_worker_batch_size_count{",
                    "dagan_worker_queue_wait_seconds_count{", "dagan_worker_inference_seconds_count{",
                    "dagan_worker_in_flight{", "dagan_worker_paused{", "dagan_worker_consumer_lag{")) {
                assertTrue(metrics.contains(name), name + " missing from /metrics");
            }
            assertTrue(metrics.contains("outcome=\"published\",service=\"double-worker\",stage=\"double\"} 24.0"),
                    "frames counter");
        }
        stack.committedAndEnd(lane.group(), lane.in()).forEach((tp, offsets) ->
                assertEquals(offsets[1], offsets[0], "committed offset of " + tp + " after a graceful stop"));
    }

    private static HttpResponse<String> get(HttpClient http, StageWorker worker, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void poisonedFramesAreDeadLetteredWhileTheRestOfTheJobCompletes() {
        Lane lane = lane(2);
        String job = "poisoned";
        int good = 6;
        for (int i = 0; i < good; i++) {
            stack.publish(lane.in(), frame(job, i, 20));
        }
        byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
        stack.publish(lane.in(), job + "/10", garbage);
        stack.publish(lane.in(), Frames.decoded(job, 11, 20, bundleId)); // no blob written
        stack.blobs().put(BlobKeys.frame(job, 12), "no numpy here".getBytes(StandardCharsets.UTF_8));
        stack.publish(lane.in(), Frames.decoded(job, 12, 20, bundleId));
        stack.blobs().putTensor(BlobKeys.frame(job, 13), Tensor.zeros(5));
        stack.publish(lane.in(), Frames.decoded(job, 13, 20, bundleId));
        stack.publish(lane.in(), FrameDescriptor.newBuilder(frame(job, 14, 20)).setModelBundleId("another-bundle").build());
        for (int i = good; i < good + 3; i++) {
            stack.publish(lane.in(), frame(job, i, 20));
        }

        AtomicReference<DoublingProcessor> processor = new AtomicReference<>();
        try (StageWorker worker = start(lane, Map.of(), processor)) {
            List<ConsumerRecord<String, byte[]>> out = stack.read(lane.out(), good + 3, WAIT, Duration.ofMillis(300));
            assertEquals(good + 3, keys(out).size());
            List<DeadLetterFrame> dead = stack.deadLetters(lane.dlq(), 5, WAIT);
            Map<String, DeadLetterFrame> byKey = dead.stream()
                    .collect(Collectors.toMap(DeadLetterFrame::getRecordKey, d -> d));
            assertEquals(Set.of(job + "/10", job + "/11", job + "/12", job + "/13", job + "/14"), byKey.keySet());
            for (DeadLetterFrame d : dead) {
                assertEquals("double", d.getStage());
                assertEquals(lane.in(), d.getSourceTopic());
                assertEquals(1, d.getAttempts(), "bad input is not retried: " + d.getErrorMessage());
                assertNotNull(d.getOriginalValue());
            }
            DeadLetterFrame malformed = byKey.get(job + "/10");
            assertNull(malformed.getDescriptor());
            assertArrayEquals(garbage, bytes(malformed));
            assertTrue(malformed.getErrorClass().endsWith("MalformedRecordException"), malformed.getErrorClass());
            assertMessage(byKey.get(job + "/11"), "blob not found", BlobKeys.frame(job, 11));
            assertMessage(byKey.get(job + "/12"), "not a float32 .npy tensor", BlobKeys.frame(job, 12));
            assertMessage(byKey.get(job + "/13"), "has shape [5]", "expects [4]");
            assertMessage(byKey.get(job + "/14"), "asks for model bundle another-bundle", bundleId);
            assertEquals(11, byKey.get(job + "/11").getDescriptor().getFrameIndex(), "the descriptor travels along");

            await("error metrics", WAIT, () -> worker.metrics().deadLetteredCount() == 5);
            assertEquals(1, worker.metrics().errorCount("malformed"));
            assertEquals(1, worker.metrics().errorCount("missing_blob"));
            assertEquals(1, worker.metrics().errorCount("corrupt_blob"));
            assertEquals(2, worker.metrics().errorCount("invalid_input"));
            assertTrue(worker.isReady(), "poison does not take the worker down");
        }
        stack.committedAndEnd(lane.group(), lane.in()).forEach((tp, offsets) ->
                assertEquals(offsets[1], offsets[0], "dead-lettered frames are committed too (" + tp + ")"));
    }

    private static byte[] bytes(DeadLetterFrame d) {
        var buffer = d.getOriginalValue().duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static void assertMessage(DeadLetterFrame d, String... parts) {
        for (String part : parts) {
            assertTrue(d.getErrorMessage() != null && d.getErrorMessage().contains(part),
                    "dead letter " + d.getRecordKey() + " error '" + d.getErrorMessage() + "' should mention " + part);
        }
    }

    @Test
    void transientFailuresAreRetriedAndOnlyPersistentOnesDeadLettered() {
        Lane lane = lane(1);
        String job = "flaky";
        AtomicReference<DoublingProcessor> processor = new AtomicReference<>();
        try (StageWorker worker = start(lane, Map.of("worker.transient.max.attempts", "3"), processor, p -> {
            p.transientFailures.put(BlobKeys.frame(job, 0), new AtomicInteger(1));
            p.transientFailures.put(BlobKeys.frame(job, 1), new AtomicInteger(1000));
        })) {
            for (int i = 0; i < 3; i++) {
                stack.publish(lane.in(), frame(job, i, 3));
            }
            List<FrameDescriptor> out = stack.descriptors(lane.out(), 2, WAIT, Duration.ofMillis(300));
            assertEquals(Set.of(0, 2), out.stream().map(FrameDescriptor::getFrameIndex).collect(Collectors.toSet()),
                    "the frame that failed once is published after a retry");
            out.forEach(StageWorkerTest::assertDoubled);
            DeadLetterFrame dead = stack.deadLetters(lane.dlq(), 1, WAIT).get(0);
            assertEquals(job + "/1", dead.getRecordKey());
            assertEquals(3, dead.getAttempts());
            assertTrue(dead.getErrorMessage().contains("simulated storage hiccup"), dead.getErrorMessage());
            assertEquals(4, worker.metrics().errorCount("transient"), "one failure of frame 0, three of frame 1"
);
        }
    }

    @Test
    void fullQueuePausesTheConsumerAndDrainingResumesIt() throws Exception {
        Lane lane = lane(2);
        int count = 12;
        for (int i = 0; i < count; i++) {
            stack.publish(lane.in(), frame("pressure", i, count));
        }
        AtomicReference<DoublingProcessor> processor = new AtomicReference<>();
        Map<String, String> tight = Map.of("worker.queue.capacity", "2", "worker.batch.max.size", "1",
                "worker.batch.max.delay", "0ms");
        try (StageWorker worker = start(lane, tight, processor, p -> p.sleepMillisPerBatch = 60)) {
            int[] maxInFlight = {0};
            var inFlight = worker.registry().get(WorkerMetrics.IN_FLIGHT).gauge();
            await("all frames", WAIT, () -> {
                maxInFlight[0] = Math.max(maxInFlight[0], (int) inFlight.value());
                return worker.metrics().publishedCount() == count;
            });
            assertTrue(worker.metrics().pausesCount() >= 1, "the consumer must pause when the queue is full");
            assertTrue(maxInFlight[0] <= 2, "never more frames in hand than the capacity, saw " + maxInFlight[0]);
            await("resumed", WAIT, () -> !worker.metrics().isPaused());
            assertEquals(0.0, worker.registry().get(WorkerMetrics.PAUSED).gauge().value());
        }
        assertEquals(count, keys(stack.read(lane.out(), count, WAIT, Duration.ofMillis(300))).size());
    }

    @Test
    void restartMidStreamLosesNoFrameAndDuplicatesNone() {
        Lane lane = lane(3);
        int count = 20;
        for (int i = 0; i < count; i++) {
            stack.publish(lane.in(), frame("restart", i, count));
        }
        // A small capacity bounds what the first worker finishes on its way out, so it stops mid-stream.
        Map<String, String> slow = Map.of("worker.batch.max.size", "2", "worker.batch.max.delay", "0ms",
                "worker.queue.capacity", "4");
        AtomicReference<DoublingProcessor> first = new AtomicReference<>();
        int before;
        try (StageWorker worker = start(lane, slow, first, p -> p.sleepMillisPerBatch = 40)) {
            await("some frames", WAIT, () -> worker.metrics().publishedCount() >= 8);
        }
        before = stack.read(lane.out(), 8, WAIT, Duration.ofMillis(200)).size();
        assertTrue(before < count, "the first worker must stop mid-stream (published " + before + ")");

        AtomicReference<DoublingProcessor> second = new AtomicReference<>();
        try (StageWorker worker = start(lane, slow, second)) {
            List<ConsumerRecord<String, byte[]>> out = stack.read(lane.out(), count, WAIT, Duration.ofSeconds(1));
            assertEquals(count, keys(out).size(), "every frame published");
            assertEquals(count, out.size(), "no frame published twice");
            assertEquals(count - before, (int) worker.metrics().publishedCount(),
                    "the second worker did exactly what the first left");
            out.stream().map(r -> org.daganstream.schema.WireCodecs.FRAME_DESCRIPTOR.decode(r.value()))
                    .forEach(StageWorkerTest::assertDoubled);
        }
    }

    @Test
    void rebalanceBetweenTwoWorkersKeepsEveryFrameOnce() {
        Lane lane = lane(4);
        int count = 32;
        for (int i = 0; i < count; i++) {
            stack.publish(lane.in(), frame("shared", i, count));
        }
        Map<String, String> slow = Map.of("worker.batch.max.size", "2", "worker.batch.max.delay", "0ms");
        AtomicReference<DoublingProcessor> a = new AtomicReference<>();
        AtomicReference<DoublingProcessor> b = new AtomicReference<>();
        CountDownLatch gate = new CountDownLatch(1);
        // The first worker does two batches, then holds its third until its partitions are being revoked: the
        // rebalance must wait for that running batch and commit it.
        try (StageWorker one = start(lane, slow, a, p -> {
            p.openBatches = 2;
            p.gate = gate;
        })) {
            await("third batch held", WAIT, () -> a.get().batchSizes.size() > 2);
            assertTrue(one.metrics().publishedCount() >= 2, "two batches done before the second worker joins");
            try (StageWorker two = start(lane, slow, b, p -> p.sleepMillisPerBatch = 30)) {
                await("revocation in the first worker", WAIT, () -> one.metrics().rebalancesCount() >= 1);
                gate.countDown();
                List<ConsumerRecord<String, byte[]>> out = stack.read(lane.out(), count, WAIT, Duration.ofSeconds(1));
                assertEquals(count, keys(out).size(), "every frame published");
                assertEquals(count, out.size(), "the rebalance committed finished work: no frame published twice");
                assertTrue(two.metrics().publishedCount() > 0, "the second worker took a share");
                assertEquals(count, (int) (one.metrics().publishedCount() + two.metrics().publishedCount()));
            }
        }
        Set<Integer> indices = new HashSet<>();
        stack.descriptors(lane.out(), count, WAIT, Duration.ZERO).forEach(d -> {
            assertDoubled(d);
            indices.add(d.getFrameIndex());
        });
        assertEquals(count, indices.size());
    }
}
