package org.daganstream.worker.depth;

import static org.daganstream.worker.testing.PipelineTestStack.await;
import static org.daganstream.worker.testing.PipelineTestStack.ofJob;
import static org.daganstream.worker.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.GraphRole;
import org.daganstream.inference.GraphSession;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.inference.ModelBundle;
import org.daganstream.worker.StageWorker;
import org.daganstream.worker.testing.Fixtures;
import org.daganstream.worker.testing.Frames;
import org.daganstream.worker.testing.PipelineTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The depth worker on the embedded broker and S3 server with the tiny bundle and the real ONNX Runtime. */
class DepthWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PipelineTestStack stack;
    private static ModelBundle bundle;
    private static GraphSession reference;

    @BeforeAll
    static void start() {
        stack = PipelineTestStack.start(2);
        bundle = ModelBundle.open(Fixtures.tinyBundle());
        reference = bundle.openSession(GraphRole.DEPTH, InferenceOptions.defaults().withIntraOpThreads(1));
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static StageWorker startWorker(Map<String, String> extra) {
        DaganConfig config = stack.workerConfig(extra);
        return DepthWorker.start(config);
    }

    /** The input of a frame: the parity source for -1, the two parity driving frames alternately otherwise. */
    private static Tensor image(int frameIndex) {
        return frameIndex == FrameKeys.SOURCE_INDEX ? Fixtures.parity("source", 0)
                : Fixtures.parity("driving", frameIndex % 2);
    }

    private static FrameDescriptor upload(String job, int frameIndex, int frameCount) {
        FrameDescriptor d = Frames.decoded(job, frameIndex, frameCount, bundle.id());
        stack.blobs().putTensor(d.getBlobs().getFrame(), image(frameIndex));
        return d;
    }

    private static Tensor direct(int frameIndex) {
        return reference.run(Map.of("image", image(frameIndex).withBatchAxis())).get("depth").slice(0);
    }

    @Test
    void depthMapsEqualTheGraphRunDirectlyAndThePyTorchReference() throws Exception {
        String job = "depth-parity";
        stack.publish(Topics.FRAMES_DECODED, upload(job, -1, 2));
        stack.publish(Topics.FRAMES_DECODED, upload(job, 0, 2));
        stack.publish(Topics.FRAMES_DECODED, upload(job, 1, 2));
        try (StageWorker worker = startWorker(Map.of("worker.batch.max.delay", "50ms"))) {
            List<FrameDescriptor> out = stack.descriptors(Topics.FRAMES_DEPTH, ofJob(job), 3, WAIT, Duration.ofMillis(300));
            assertEquals(Set.of(-1, 0, 1), out.stream().map(FrameDescriptor::getFrameIndex).collect(Collectors.toSet()));
            for (FrameDescriptor d : out) {
                boolean source = d.getRole() == FrameRole.SOURCE;
                String key = source ? BlobKeys.sourceDepth(job) : BlobKeys.depth(job, d.getFrameIndex());
                assertEquals(key, d.getBlobs().getDepth());
                assertEquals(d.getBlobs().getFrame(), source ? BlobKeys.sourceImage(job) : BlobKeys.frame(job, d.getFrameIndex()));
                assertTrue(d.getStageTimestamps().containsKey(DepthWorker.NAME));
                Tensor written = stack.blobs().getTensor(key);
                assertClose(direct(d.getFrameIndex()), written, 5e-5, "depth of frame " + d.getFrameIndex());
                Tensor pytorch = source ? Fixtures.parity("source_depth", 0) : Fixtures.parity("driving_depth", d.getFrameIndex());
                assertClose(pytorch, written, 1e-4, "depth of frame " + d.getFrameIndex() + " vs PyTorch");
            }
            await("ready", WAIT, worker::isReady);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + worker.httpPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains(bundle.id()), ready.body());
        }
    }

    @Test
    void badFramesAreDeadLetteredWhileTheRestOfTheJobCompletes() {
        String job = "depth-poison";
        stack.publish(Topics.FRAMES_DECODED, upload(job, 0, 6));
        stack.publish(Topics.FRAMES_DECODED, Frames.decoded(job, 1, 6, bundle.id())); // blob never written
        byte[] truncated = Npy.write(image(2));
        stack.blobs().put(BlobKeys.frame(job, 2), Arrays.copyOf(truncated, truncated.length / 2));
        stack.publish(Topics.FRAMES_DECODED, Frames.decoded(job, 2, 6, bundle.id()));
        stack.blobs().putTensor(BlobKeys.frame(job, 3), Tensor.zeros(3, 128, 128));
        stack.publish(Topics.FRAMES_DECODED, Frames.decoded(job, 3, 6, bundle.id()));
        stack.publish(Topics.FRAMES_DECODED, job + "/4", "\u00c3\u0001 not really".getBytes(StandardCharsets.UTF_8));
        stack.publish(Topics.FRAMES_DECODED, upload(job, 5, 6));

        try (StageWorker worker = startWorker(Map.of())) {
            List<FrameDescriptor> out = stack.descriptors(Topics.FRAMES_DEPTH, ofJob(job), 2, WAIT, Duration.ofMillis(300));
            assertEquals(Set.of(0, 5), out.stream().map(FrameDescriptor::getFrameIndex).collect(Collectors.toSet()));
            Map<String, DeadLetterFrame> dead = stack.deadLetters(Topics.FRAMES_DLQ, ofJob(job), 4, WAIT).stream()
                    .collect(Collectors.toMap(DeadLetterFrame::getRecordKey, d -> d));
            assertEquals(Set.of(job + "/1", job + "/2", job + "/3", job + "/4"), dead.keySet());
            dead.values().forEach(d -> {
                assertEquals(DepthWorker.NAME, d.getStage());
                assertEquals(Topics.FRAMES_DECODED, d.getSourceTopic());
                assertEquals(1, d.getAttempts());
            });
            assertTrue(dead.get(job + "/1").getErrorMessage().contains("blob not found"), dead.get(job + "/1").getErrorMessage());
            assertTrue(dead.get(job + "/2").getErrorMessage().contains("is not a float32 .npy tensor"),
                    dead.get(job + "/2").getErrorMessage());
            assertTrue(dead.get(job + "/3").getErrorMessage().contains(
                    "has shape [3,128,128], depth.onnx input image expects [3,256,256]"), dead.get(job + "/3").getErrorMessage());
            assertEquals(null, dead.get(job + "/4").getDescriptor());
            assertTrue(dead.get(job + "/4").getErrorClass().endsWith("MalformedRecordException"));
            await("dead letters counted", WAIT, () -> worker.metrics().deadLetteredCount() == 4);
        }
    }

    @Test
    void restartMidStreamLosesNoFrameAndDuplicatesNone() {
        String job = "depth-restart";
        int count = 16;
        for (int i = 0; i < count; i++) {
            stack.publish(Topics.FRAMES_DECODED, upload(job, i, count));
        }
        Map<String, String> oneByOne = Map.of("worker.batch.max.size", "1", "worker.queue.capacity", "4");
        try (StageWorker first = startWorker(oneByOne)) {
            await("first frames", WAIT, () -> first.metrics().publishedCount() >= 3);
        }
        int before = stack.read(Topics.FRAMES_DEPTH, ofJob(job), 3, WAIT, Duration.ofMillis(200)).size();
        assertTrue(before < count, "the first worker must stop mid-stream (it published " + before + ")");
        try (StageWorker second = startWorker(oneByOne)) {
            List<ConsumerRecord<String, byte[]>> out = stack.read(Topics.FRAMES_DEPTH, ofJob(job), count, WAIT,
                    Duration.ofSeconds(1));
            assertEquals(count, out.stream().map(ConsumerRecord::key).distinct().count(), "every frame published");
            assertEquals(count, out.size(), "no frame published twice");
        }
        for (int i = 0; i < count; i++) {
            assertClose(direct(i), stack.blobs().getTensor(BlobKeys.depth(job, i)), 1e-5, "depth blob of frame " + i);
        }
    }
}
