package org.daganstream.inference;

import static org.daganstream.inference.TensorAssertions.assertClose;
import static org.daganstream.inference.TensorAssertions.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.daganstream.common.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions on the tiny bundle with real ONNX Runtime: input checks, batching, warm-up, signature checks at load. */
class GraphSessionTest {
    private static final InferenceOptions OPTIONS = InferenceOptions.defaults().withIntraOpThreads(2);

    private static ModelBundle bundle;
    private static GraphSession depth;
    private static GraphSession keypoints;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() {
        bundle = ModelBundle.open(TestFixtures.tinyBundle());
        depth = bundle.openSession(GraphRole.DEPTH, OPTIONS);
        keypoints = bundle.openSession(GraphRole.KEYPOINTS, OPTIONS);
    }

    @AfterAll
    static void close() {
        depth.close();
        keypoints.close();
    }

    @Test
    void runsOnCpuAndReturnsEveryDeclaredOutput() {
        Map<String, Tensor> out = keypoints.run(Map.of(
                "image", uniform(1, 0, 1, 2, 3, 256, 256),
                "depth", uniform(2, 0, 1, 2, 1, 256, 256)));

        assertEquals(ExecutionProvider.CPU, keypoints.provider().active());
        assertFalse(keypoints.provider().fellBack());
        assertArrayEquals(new int[] {2, 15, 2}, out.get("value").shape());
        assertArrayEquals(new int[] {2, 15, 2, 2}, out.get("jacobian").shape());
        for (float v : out.get("value").data()) {
            assertTrue(Float.isFinite(v) && v >= -1.5f && v <= 1.5f, "keypoint coordinate " + v);
        }
    }

    @Test
    void namesGraphInputAndShapesOnAWrongShape() {
        InferenceException error = assertThrows(InferenceException.class, () -> keypoints.run(Map.of(
                "image", Tensor.zeros(1, 3, 256, 256),
                "depth", Tensor.zeros(1, 3, 256, 256))));

        assertEquals("keypoints.onnx input depth expects [N,1,256,256], got [1,3,256,256]", error.getMessage());
    }

    @Test
    void refusesMissingUnknownAndMismatchedInputs() {
        InferenceException missing = assertThrows(InferenceException.class,
                () -> keypoints.run(Map.of("image", Tensor.zeros(1, 3, 256, 256))));
        assertTrue(missing.getMessage().contains("keypoints.onnx input depth is missing"), missing.getMessage());

        InferenceException unknown = assertThrows(InferenceException.class, () -> depth.run(Map.of(
                "image", Tensor.zeros(1, 3, 256, 256), "mask", Tensor.zeros(1, 1, 256, 256))));
        assertTrue(unknown.getMessage().contains("depth.onnx has no input named mask"), unknown.getMessage());

        InferenceException batch = assertThrows(InferenceException.class, () -> keypoints.run(Map.of(
                "image", Tensor.zeros(2, 3, 256, 256), "depth", Tensor.zeros(1, 1, 256, 256))));
        assertTrue(batch.getMessage().contains("disagree on the batch size"), batch.getMessage());
    }

    @Test
    void batchedRunEqualsPerSampleRuns() {
        List<Map<String, Tensor>> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            samples.add(Map.of("image", uniform(10 + i, 0, 1, 3, 256, 256),
                    "depth", uniform(20 + i, 0, 1, 1, 256, 256)));
        }

        List<Map<String, Tensor>> batched = keypoints.runBatch(samples);

        assertEquals(3, batched.size());
        for (int i = 0; i < 3; i++) {
            Map<String, Tensor> single = keypoints.run(Map.of(
                    "image", samples.get(i).get("image").withBatchAxis(),
                    "depth", samples.get(i).get("depth").withBatchAxis()));
            for (String name : List.of("value", "jacobian")) {
                Tensor fromBatch = batched.get(i).get(name);
                assertEquals(single.get(name).rank() - 1, fromBatch.rank(), "samples without batch axis come back without");
                assertClose(single.get(name).reshape(fromBatch.shape()), fromBatch, 1e-5, name + " of sample " + i);
            }
        }
        assertFalse(TensorAssertions.maxAbsDiff(batched.get(0).get("value"), batched.get(1).get("value")) < 1e-6,
                "different samples must give different keypoints");
    }

    @Test
    void batchOfSamplesWithBatchAxisKeepsIt() {
        List<Map<String, Tensor>> samples = List.of(
                Map.of("image", uniform(3, 0, 1, 1, 3, 256, 256)),
                Map.of("image", uniform(4, 0, 1, 1, 3, 256, 256)));

        List<Map<String, Tensor>> out = depth.runBatch(samples);

        Tensor whole = depth.run(Map.of("image", Tensor.stack(List.of(
                samples.get(0).get("image").reshape(3, 256, 256), samples.get(1).get("image").reshape(3, 256, 256)))))
                .get("depth");
        assertArrayEquals(new int[] {1, 1, 256, 256}, out.get(1).get("depth").shape());
        assertClose(whole.slice(1).withBatchAxis(), out.get(1).get("depth"), 1e-6, "depth of sample 1");
    }

    @Test
    void batchOfSamplesNamesTheBadSample() {
        List<Map<String, Tensor>> samples = List.of(
                Map.of("image", Tensor.zeros(3, 256, 256)),
                Map.of("image", Tensor.zeros(3, 128, 128)));

        InferenceException error = assertThrows(InferenceException.class, () -> depth.runBatch(samples));

        assertEquals("depth.onnx input image of sample 1 expects [3,256,256] (one sample, no batch axis), "
                + "got [3,128,128]", error.getMessage());
    }

    @Test
    void warmsUpEveryGraph() {
        for (GraphRole role : GraphRole.values()) {
            try (GraphSession session = bundle.openSession(role, OPTIONS)) {
                session.warmUp();
                assertEquals(role, session.role());
            }
        }
    }

    @Test
    void refusesAGraphWhoseManifestEntryLies() throws IOException {
        Path copy = TestFixtures.copyOfTinyBundle(temp.resolve("bundle"));
        ObjectNode manifest = BundleManifestTest.tinyManifest();
        long declared = -1;
        for (var tensor : manifest.get("graphs").get("source_encoder").get("outputs")) {
            if (tensor.get("name").asText().equals("source_feature")) {
                declared = tensor.get("shape").get(1).asLong();
            }
        }
        for (String graph : List.of("source_encoder", "generator")) {
            for (String list : List.of("inputs", "outputs")) {
                for (var tensor : manifest.get("graphs").get(graph).get(list)) {
                    if (tensor.get("name").asText().equals("source_feature")) {
                        ((ArrayNode) tensor.get("shape")).set(1, declared + 1);
                    }
                }
            }
        }
        Files.writeString(copy.resolve("manifest.json"), manifest.toString());
        ModelBundle lying = ModelBundle.open(copy);

        InvalidBundleException error = assertThrows(InvalidBundleException.class,
                () -> lying.openSession(GraphRole.SOURCE_ENCODER, OPTIONS));

        assertTrue(error.getMessage().startsWith("source_encoder.onnx does not match its manifest entry: output "
                + "source_feature is [N," + declared + ","), error.getMessage());
        assertTrue(error.getMessage().contains("[N," + (declared + 1) + ","), error.getMessage());
    }
}
