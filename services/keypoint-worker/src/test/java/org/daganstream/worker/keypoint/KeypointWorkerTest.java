package org.daganstream.worker.keypoint;

import static org.daganstream.worker.testing.PipelineTestStack.ofJob;
import static org.daganstream.worker.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.Keypoints;
import org.daganstream.common.Topics;
import org.daganstream.common.kafka.FrameKeys;
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

/** The keypoint worker on the embedded broker and S3 server with the tiny bundle and the real ONNX Runtime. */
class KeypointWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PipelineTestStack stack;
    private static ModelBundle bundle;
    private static GraphSession reference;

    @BeforeAll
    static void start() {
        stack = PipelineTestStack.start(2);
        bundle = ModelBundle.open(Fixtures.tinyBundle());
        reference = bundle.openSession(GraphRole.KEYPOINTS, InferenceOptions.defaults().withIntraOpThreads(1));
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

    private static Tensor image(int frameIndex) {
        return frameIndex == FrameKeys.SOURCE_INDEX ? Fixtures.parity("source", 0) : Fixtures.parity("driving", frameIndex);
    }

    private static Tensor depth(int frameIndex) {
        return frameIndex == FrameKeys.SOURCE_INDEX ? Fixtures.parity("source_depth", 0)
                : Fixtures.parity("driving_depth", frameIndex);
    }

    /** A frame as the depth stage publishes it, with both blobs written. */
    private static FrameDescriptor upload(String job, int frameIndex) {
        FrameDescriptor d = Frames.withDepth(Frames.decoded(job, frameIndex, 2, bundle.id()));
        stack.blobs().putTensor(d.getBlobs().getFrame(), image(frameIndex));
        stack.blobs().putTensor(d.getBlobs().getDepth(), depth(frameIndex));
        return d;
    }

    private static Tensor value(Keypoints k) {
        return Tensor.of(floats(k.getValue()), k.getNumKp(), 2);
    }

    private static Tensor jacobian(Keypoints k) {
        return Tensor.of(floats(k.getJacobian()), k.getNumKp(), 2, 2);
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Test
    void keypointsTravelInlineAndEqualTheGraphRunDirectly() {
        String job = "kp-parity";
        for (int i = -1; i < 2; i++) {
            stack.publish(Topics.FRAMES_DEPTH, upload(job, i));
        }
        try (StageWorker worker = KeypointWorker.start(stack.workerConfig(Map.of("worker.batch.max.delay", "50ms")))) {
            List<FrameDescriptor> out = stack.descriptors(Topics.FRAMES_KEYPOINTS, ofJob(job), 3, WAIT,
                    Duration.ofMillis(300));
            assertEquals(Set.of(-1, 0, 1), out.stream().map(FrameDescriptor::getFrameIndex).collect(Collectors.toSet()));
            for (FrameDescriptor d : out) {
                int i = d.getFrameIndex();
                Keypoints k = d.getKeypoints();
                assertEquals(bundle.manifest().numKp(), k.getNumKp());
                Map<String, Tensor> direct = reference.run(Map.of("image", image(i).withBatchAxis(),
                        "depth", depth(i).withBatchAxis()));
                assertClose(direct.get("value").slice(0), value(k), 5e-5, "keypoints of frame " + i);
                assertClose(direct.get("jacobian").slice(0), jacobian(k), 5e-5, "jacobians of frame " + i);
                String name = i < 0 ? "kp_source" : "kp_driving";
                int sample = Math.max(i, 0);
                assertClose(Fixtures.parity(name + "_value", sample), value(k), 1e-4, "frame " + i + " vs PyTorch");
                assertClose(Fixtures.parity(name + "_jacobian", sample), jacobian(k), 1e-4, "frame " + i + " vs PyTorch");
                assertTrue(d.getStageTimestamps().containsKey(KeypointWorker.NAME));
                assertEquals(upload(job, i).getBlobs(), d.getBlobs(), "blob keys pass through unchanged");
            }
        }
    }

    @Test
    void framesWithoutAUsableDepthMapAreDeadLettered() {
        String job = "kp-poison";
        stack.publish(Topics.FRAMES_DEPTH, upload(job, 0));
        stack.publish(Topics.FRAMES_DEPTH, Frames.decoded(job, 1, 4, bundle.id())); // depth stage skipped
        FrameDescriptor flat = upload(job, 1);
        FrameDescriptor wrongDepth = FrameDescriptor.newBuilder(flat).setFrameIndex(2)
                .setBlobs(BlobKeys.newBuilder(flat.getBlobs()).setDepth(flat.getBlobs().getFrame()).build()).build();
        stack.publish(Topics.FRAMES_DEPTH, wrongDepth); // the RGB frame where the depth map should be

        try (StageWorker worker = KeypointWorker.start(stack.workerConfig(Map.of()))) {
            List<FrameDescriptor> out = stack.descriptors(Topics.FRAMES_KEYPOINTS, ofJob(job), 1, WAIT,
                    Duration.ofMillis(300));
            assertEquals(List.of(0), out.stream().map(FrameDescriptor::getFrameIndex).toList());
            Map<String, DeadLetterFrame> dead = stack.deadLetters(Topics.FRAMES_DLQ, ofJob(job), 2, WAIT).stream()
                    .collect(Collectors.toMap(DeadLetterFrame::getRecordKey, d -> d));
            assertEquals(Set.of(job + "/1", job + "/2"), dead.keySet());
            assertTrue(dead.get(job + "/1").getErrorMessage().contains("has no depth blob"),
                    dead.get(job + "/1").getErrorMessage());
            assertTrue(dead.get(job + "/2").getErrorMessage().contains(
                    "has shape [3,256,256], keypoints.onnx input depth expects [1,256,256]"),
                    dead.get(job + "/2").getErrorMessage());
            dead.values().forEach(d -> {
                assertEquals(KeypointWorker.NAME, d.getStage());
                assertNull(d.getDescriptor().getKeypoints());
            });
        }
    }
}
