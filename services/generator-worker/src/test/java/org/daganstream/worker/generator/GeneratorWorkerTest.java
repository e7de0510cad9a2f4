package org.daganstream.worker.generator;

import static org.daganstream.worker.testing.PipelineTestStack.await;
import static org.daganstream.worker.testing.PipelineTestStack.ofJob;
import static org.daganstream.worker.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.Keypoints;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.GraphRole;
import org.daganstream.inference.GraphSession;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.inference.ModelBundle;
import org.daganstream.worker.StageWorker;
import org.daganstream.worker.depth.DepthWorker;
import org.daganstream.worker.keypoint.KeypointWorker;
import org.daganstream.worker.testing.Fixtures;
import org.daganstream.worker.testing.Frames;
import org.daganstream.worker.testing.PipelineTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator worker on the embedded broker and S3 server with the tiny bundle and the real ONNX Runtime, fed
 * hand-made motion descriptors carrying the PyTorch reference keypoints; and the three model stages chained.
 */
class GeneratorWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofMillis(300);

    private static PipelineTestStack stack;
    private static ModelBundle bundle;
    private static GraphSession encoder;
    private static GraphSession generator;
    private static Tensor[] expected;

    @BeforeAll
    static void start() {
        stack = PipelineTestStack.start(2);
        bundle = ModelBundle.open(Fixtures.tinyBundle());
        InferenceOptions options = InferenceOptions.defaults().withIntraOpThreads(1);
        encoder = bundle.openSession(GraphRole.SOURCE_ENCODER, options);
        generator = bundle.openSession(GraphRole.GENERATOR, options);
        expected = new Tensor[] {direct(0), direct(1)};
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {generator, encoder, stack}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The prediction for driving sample {@code i}, from both graphs run directly on the fixture tensors. */
    private static Tensor direct(int i) {
        Map<String, Tensor> source = encoder.run(Map.of(
                "source_image", Fixtures.parity("source"), "source_depth", Fixtures.parity("source_depth")));
        return generator.run(Map.of(
                "source_feature", source.get("source_feature"),
                "attention_query", source.get("attention_query"),
                "source_image", Fixtures.parity("source"),
                "kp_source_value", Fixtures.parity("kp_source_value"),
                "kp_source_jacobian", Fixtures.parity("kp_source_jacobian"),
                "kp_driving_value", Fixtures.parity("kp_norm_value", i).withBatchAxis(),
                "kp_driving_jacobian", Fixtures.parity("kp_norm_jacobian", i).withBatchAxis())).get("prediction").slice(0);
    }

    private static void uploadSource(String job) {
        stack.blobs().putTensor(BlobKeys.sourceImage(job), Fixtures.parity("source", 0));
        stack.blobs().putTensor(BlobKeys.sourceDepth(job), Fixtures.parity("source_depth", 0));
    }

    private static Keypoints kp(String name, int i) {
        return Frames.keypoints(Fixtures.parity(name + "_value", i), Fixtures.parity(name + "_jacobian", i));
    }

    /** A motion descriptor for frame {@code index}, using reference sample {@code index % 2}. */
    private static FrameDescriptor motion(String job, int index, int count) {
        int sample = index % 2;
        return Frames.motion(job, index, count, bundle.id(), kp("kp_driving", sample), kp("kp_source", 0),
                kp("kp_norm", sample));
    }

    private static double counter(StageWorker worker, String name) {
        return worker.registry().get(name).functionCounter().count();
    }

    @Test
    void predictionsEqualTheGraphsRunDirectlyAndThePyTorchReference() {
        String job = "gen-parity";
        uploadSource(job);
        stack.publish(Topics.FRAMES_MOTION, motion(job, 0, 2));
        stack.publish(Topics.FRAMES_MOTION, motion(job, 1, 2));
        // One frame per run, as the direct call: then the results must agree to the last bits (batches of several
        // frames may differ in rounding, checked with a looser bound below).
        try (StageWorker worker = GeneratorWorker.start(stack.workerConfig(Map.of("worker.batch.max.size", "1")))) {
            List<FrameDescriptor> out = stack.descriptors(Topics.FRAMES_GENERATED, ofJob(job), 2, WAIT, QUIET);
            assertEquals(Set.of(0, 1), out.stream().map(FrameDescriptor::getFrameIndex).collect(Collectors.toSet()));
            for (FrameDescriptor d : out) {
                int i = d.getFrameIndex();
                String key = BlobKeys.generated(job, i);
                assertEquals(key, d.getBlobs().getGenerated());
                assertTrue(d.getStageTimestamps().containsKey(GeneratorWorker.NAME));
                Tensor written = stack.blobs().getTensor(key);
                assertClose(expected[i], written, 1e-6, "prediction of frame " + i);
                // The reference was computed in float64 from the PyTorch source tensors; here two float32 graphs are
                // chained, so rounding accumulates a little beyond the 1e-4 each graph meets alone.
                assertClose(Fixtures.parity("prediction", i), written, 5e-4, "prediction of frame " + i + " vs PyTorch");
            }
            assertEquals(1.0, counter(worker, GeneratorProcessor.ENCODINGS_METRIC));
        }
    }

    @Test
    void sourceTensorsAreComputedOncePerJobEvenWithConcurrentFrames() {
        int perJob = 4;
        List<String> jobs = List.of("gen-once-a", "gen-once-b");
        for (String job : jobs) {
            uploadSource(job);
            for (int i = 0; i < perJob; i++) {
                stack.publish(Topics.FRAMES_MOTION, motion(job, i, perJob));
            }
        }
        Map<String, String> parallel = Map.of("worker.inference.threads", "2", "worker.batch.max.size", "1");
        try (StageWorker worker = GeneratorWorker.start(stack.workerConfig(parallel))) {
            for (String job : jobs) {
                stack.read(Topics.FRAMES_GENERATED, ofJob(job), perJob, WAIT, Duration.ZERO);
            }
            await("all frames", WAIT, () -> worker.metrics().publishedCount() == 2 * perJob);
            assertEquals(2.0, counter(worker, GeneratorProcessor.ENCODINGS_METRIC), "one source encoding per job");
            assertEquals(2.0 * perJob - 2, counter(worker, GeneratorProcessor.HITS_METRIC));
        }
        for (String job : jobs) {
            for (int i = 0; i < perJob; i++) {
                assertClose(expected[i % 2], stack.blobs().getTensor(BlobKeys.generated(job, i)), 1e-4,
                        job + " frame " + i);
            }
        }
    }

    @Test
    void evictedAndRestartedJobsRebuildTheirSourceTensorsFromStorage() {
        String a = "gen-evict-a";
        String b = "gen-evict-b";
        uploadSource(a);
        uploadSource(b);
        Map<String, String> oneJob = Map.of("generator.cache.max.jobs", "1");
        try (StageWorker worker = GeneratorWorker.start(stack.workerConfig(oneJob))) {
            stack.publish(Topics.FRAMES_MOTION, motion(a, 0, 4));
            stack.read(Topics.FRAMES_GENERATED, ofJob(a), 1, WAIT, Duration.ZERO);
            stack.publish(Topics.FRAMES_MOTION, motion(b, 0, 4));
            stack.read(Topics.FRAMES_GENERATED, ofJob(b), 1, WAIT, Duration.ZERO);
            stack.publish(Topics.FRAMES_MOTION, motion(a, 1, 4));
            stack.read(Topics.FRAMES_GENERATED, ofJob(a), 2, WAIT, Duration.ZERO);
            await("third frame counted", WAIT, () -> worker.metrics().publishedCount() == 3);
            assertEquals(3.0, counter(worker, GeneratorProcessor.ENCODINGS_METRIC), "a, b, then a again after eviction");
            assertEquals(2.0, counter(worker, GeneratorProcessor.EVICTIONS_METRIC));
            assertEquals(1.0, worker.registry().get(GeneratorProcessor.SIZE_METRIC).gauge().value());
        }
        try (StageWorker restarted = GeneratorWorker.start(stack.workerConfig(Map.of()))) {
            stack.publish(Topics.FRAMES_MOTION, motion(a, 2, 4));
            stack.read(Topics.FRAMES_GENERATED, ofJob(a), 3, WAIT, Duration.ZERO);
            await("frame counted", WAIT, () -> restarted.metrics().publishedCount() == 1);
            assertEquals(1.0, counter(restarted, GeneratorProcessor.ENCODINGS_METRIC), "rebuilt from the source blobs");
        }
        for (int i = 0; i < 3; i++) {
            assertClose(expected[i % 2], stack.blobs().getTensor(BlobKeys.generated(a, i)), 1e-4, "frame " + i);
        }
    }

    @Test
    void framesTheGeneratorCannotUseAreDeadLettered() {
        String job = "gen-poison";
        String noDepth = "gen-poison-nodepth";
        uploadSource(job);
        stack.blobs().putTensor(BlobKeys.sourceImage(noDepth), Fixtures.parity("source", 0));
        stack.publish(Topics.FRAMES_MOTION, motion(job, 0, 5));
        stack.publish(Topics.FRAMES_MOTION, FrameDescriptor.newBuilder(motion(job, 1, 5)).setDrivingKeypoints(null).build());
        Keypoints fewer = Keypoints.newBuilder(kp("kp_norm", 0)).setNumKp(10)
                .setValue(kp("kp_norm", 0).getValue().subList(0, 20))
                .setJacobian(kp("kp_norm", 0).getJacobian().subList(0, 40)).build();
        stack.publish(Topics.FRAMES_MOTION, FrameDescriptor.newBuilder(motion(job, 2, 5)).setDrivingKeypoints(fewer).build());
        stack.publish(Topics.FRAMES_MOTION, FrameDescriptor.newBuilder(Frames.withDepth(Frames.decoded(job, -1, 5,
                bundle.id()))).setRole(FrameRole.SOURCE).build());
        stack.publish(Topics.FRAMES_MOTION, motion(noDepth, 0, 1));
        stack.publish(Topics.FRAMES_MOTION, motion(job, 3, 5));

        try (StageWorker worker = GeneratorWorker.start(stack.workerConfig(Map.of()))) {
            List<FrameDescriptor> out = stack.descriptors(Topics.FRAMES_GENERATED, ofJob(job), 2, WAIT, QUIET);
            assertEquals(Set.of(0, 3), out.stream().map(FrameDescriptor::getFrameIndex).collect(Collectors.toSet()));
            List<DeadLetterFrame> letters = stack.deadLetters(Topics.FRAMES_DLQ,
                    r -> r.key().startsWith("gen-poison"), 4, WAIT);
            Map<String, String> errors = letters.stream().collect(Collectors.toMap(DeadLetterFrame::getRecordKey,
                    DeadLetterFrame::getErrorMessage));
            assertEquals(Set.of(job + "/1", job + "/2", job + "/source", noDepth + "/0"), errors.keySet());
            assertTrue(errors.get(job + "/1").contains("has no drivingKeypoints"), errors.get(job + "/1"));
            assertTrue(errors.get(job + "/2").contains("drivingKeypoints has 10 keypoints, the model bundle has 15"),
                    errors.get(job + "/2"));
            assertTrue(errors.get(job + "/source").contains("only renders driving frames"), errors.get(job + "/source"));
            assertTrue(errors.get(noDepth + "/0").contains("blob not found")
                    && errors.get(noDepth + "/0").contains(BlobKeys.sourceDepth(noDepth)), errors.get(noDepth + "/0"));
            letters.forEach(d -> assertEquals(GeneratorWorker.NAME, d.getStage()));
            await("counted", WAIT, () -> worker.metrics().deadLetteredCount() == 4);
            assertEquals(1.0, worker.metrics().errorCount("missing_blob"));
            assertEquals(3.0, worker.metrics().errorCount("invalid_input"));
        }
    }

    /**
     * Frames through the three model stages: decoded -&gt; depth -&gt; keypoints, then (the motion service being
     * separate) motion descriptors published here in absolute mode (driving keypoints unchanged) -&gt; generator. Every
     * output equals the four graphs chained directly on the same inputs.
     */
    @Test
    void framesFlowThroughDepthKeypointsAndGenerator() {
        String job = "flow";
        try (StageWorker depth = DepthWorker.start(stack.workerConfig(Map.of()));
             StageWorker keypoints = KeypointWorker.start(stack.workerConfig(Map.of()));
             StageWorker generator = GeneratorWorker.start(stack.workerConfig(Map.of()))) {
            List<FrameDescriptor> decoded = List.of(Frames.decoded(job, -1, 2, bundle.id()),
                    Frames.decoded(job, 0, 2, bundle.id()), Frames.decoded(job, 1, 2, bundle.id()));
            for (FrameDescriptor d : decoded) {
                stack.blobs().putTensor(d.getBlobs().getFrame(), image(d.getFrameIndex()));
                stack.publish(Topics.FRAMES_DECODED, d);
            }

            List<FrameDescriptor> withKeypoints = stack.descriptors(Topics.FRAMES_KEYPOINTS, ofJob(job), 3, WAIT,
                    Duration.ofMillis(200));
            FrameDescriptor source = withKeypoints.stream().filter(d -> d.getRole() == FrameRole.SOURCE).findFirst()
                    .orElseThrow();
            for (FrameDescriptor d : withKeypoints) {
                if (d.getRole() == FrameRole.DRIVING) {
                    Map<String, Long> stamps = new HashMap<>(d.getStageTimestamps());
                    stamps.put("motion", System.currentTimeMillis());
                    stack.publish(Topics.FRAMES_MOTION, FrameDescriptor.newBuilder(d)
                            .setSourceKeypoints(source.getKeypoints())
                            .setDrivingKeypoints(d.getKeypoints())
                            .setStageTimestamps(stamps).build());
                }
            }

            List<FrameDescriptor> generated = stack.descriptors(Topics.FRAMES_GENERATED, ofJob(job), 2, WAIT,
                    Duration.ofMillis(300));
            assertEquals(2, generated.stream().map(FrameDescriptor::getFrameIndex).distinct().count());
            Map<Integer, Tensor> chained = chainDirectly(bundle);
            for (FrameDescriptor d : generated) {
                int i = d.getFrameIndex();
                assertEquals(Set.of("ingest", "depth", "keypoints", "motion", "generator"), d.getStageTimestamps().keySet());
                assertEquals(BlobKeys.frame(job, i), d.getBlobs().getFrame());
                assertEquals(BlobKeys.depth(job, i), d.getBlobs().getDepth());
                assertEquals(BlobKeys.generated(job, i), d.getBlobs().getGenerated());
                assertNotNull(d.getKeypoints());
                assertClose(chained.get(i), stack.blobs().getTensor(d.getBlobs().getGenerated()), 1e-4,
                        "generated frame " + i);
            }
            assertClose(chained.get(-1), stack.blobs().getTensor(BlobKeys.sourceDepth(job)), 5e-5, "source depth");
        }
    }

    private static Tensor image(int frameIndex) {
        return frameIndex < 0 ? Fixtures.parity("source", 0) : Fixtures.parity("driving", frameIndex);
    }

    /** Predictions of frames 0 and 1 (and the source depth under -1) from the graphs run one after another. */
    private static Map<Integer, Tensor> chainDirectly(ModelBundle bundle) {
        InferenceOptions options = InferenceOptions.defaults().withIntraOpThreads(1);
        try (GraphSession depth = bundle.openSession(GraphRole.DEPTH, options);
             GraphSession keypoints = bundle.openSession(GraphRole.KEYPOINTS, options);
             GraphSession encoder = bundle.openSession(GraphRole.SOURCE_ENCODER, options);
             GraphSession generator = bundle.openSession(GraphRole.GENERATOR, options)) {
            Tensor sourceImage = image(-1).withBatchAxis();
            Tensor sourceDepth = depth.run(Map.of("image", sourceImage)).get("depth");
            Map<String, Tensor> kpSource = keypoints.run(Map.of("image", sourceImage, "depth", sourceDepth));
            Map<String, Tensor> encoded = encoder.run(Map.of("source_image", sourceImage, "source_depth", sourceDepth));
            Map<Integer, Tensor> out = new HashMap<>();
            out.put(-1, sourceDepth.slice(0));
            for (int i = 0; i < 2; i++) {
                Tensor drivingImage = image(i).withBatchAxis();
                Tensor drivingDepth = depth.run(Map.of("image", drivingImage)).get("depth");
                Map<String, Tensor> kpDriving = keypoints.run(Map.of("image", drivingImage, "depth", drivingDepth));
                out.put(i, generator.run(Map.of(
                        "source_feature", encoded.get("source_feature"),
                        "attention_query", encoded.get("attention_query"),
                        "source_image", sourceImage,
                        "kp_source_value", kpSource.get("value"),
                        "kp_source_jacobian", kpSource.get("jacobian"),
                        "kp_driving_value", kpDriving.get("value"),
                        "kp_driving_jacobian", kpDriving.get("jacobian"))).get("prediction").slice(0));
            }
            return out;
        }
    }
}
