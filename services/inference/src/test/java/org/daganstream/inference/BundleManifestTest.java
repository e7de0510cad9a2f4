package org.daganstream.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Manifest parsing and the bundle-format rules, on the tiny fixture's manifest and mutated copies of it. */
class BundleManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheTinyFixtureManifest() {
        BundleManifest manifest = BundleManifest.read(TestFixtures.tinyBundle());

        assertTrue(manifest.id().matches(".+-[0-9a-f]{12}"), "id ends in 12 hex digits of the graphs' digests: "
                + manifest.id());
        assertEquals(1, manifest.formatVersion());
        assertEquals(256, manifest.imageSize());
        assertEquals(15, manifest.numKp());
        assertEquals(4, manifest.graphs().size());
        GraphSpec keypoints = manifest.graph(GraphRole.KEYPOINTS);
        assertEquals("keypoints.onnx", keypoints.file());
        assertArrayEquals(new long[] {-1, 1, 256, 256}, keypoints.input("depth").orElseThrow().shape());
        assertArrayEquals(new long[] {-1, 15, 2, 2}, keypoints.output("jacobian").orElseThrow().shape());
        assertEquals(manifest.graph(GraphRole.SOURCE_ENCODER).output("source_feature").orElseThrow().shape()[1],
                manifest.graph(GraphRole.GENERATOR).input("source_feature").orElseThrow().shape()[1]);
    }

    @Test
    void refusesAnUnsupportedFormatVersion() {
        String message = refusal(root -> root.put("format_version", 2));

        assertTrue(message.contains("format_version 2 is not supported"), message);
        assertTrue(message.contains("reads format_version 1"), message);
    }

    @Test
    void refusesSomethingThatIsNotABundleManifest() {
        String message = refusal(root -> root.put("format", "onnx-zoo"));

        assertTrue(message.contains("format is 'onnx-zoo', expected 'dagan-bundle'"), message);
    }

    @Test
    void refusesAManifestWithoutTheGeneratorGraph() {
        String message = refusal(root -> ((ObjectNode) root.get("graphs")).remove("generator"));

        assertTrue(message.contains("graph 'generator' is missing"), message);
    }

    @Test
    void refusesAnUnknownGeneratorKind() {
        String message = refusal(root -> root.put("generator", "FirstOrderGenerator"));

        assertTrue(message.contains("generator 'FirstOrderGenerator' is unknown"), message);
    }

    @Test
    void refusesMissingFieldsNamingTheirPath() {
        String message = refusal(root -> graph(root, "depth").remove("sha256"));

        assertTrue(message.contains("graphs.depth.sha256 is missing"), message);
    }

    @Test
    void refusesInvalidJson() {
        InvalidBundleException error = assertThrows(InvalidBundleException.class,
                () -> BundleManifest.parse("{\"format\": ", "manifest.json"));

        assertTrue(error.getMessage().startsWith("manifest.json: is not valid JSON"), error.getMessage());
    }

    @Test
    void refusesShapesThatBreakTheContract() {
        String message = refusal(root -> {
            ArrayNode shape = (ArrayNode) tensor(root, "depth", "outputs", 0).get("shape");
            shape.set(1, 3);
        });

        assertTrue(message.contains("depth.onnx depth shape [-1,3,256,256], expected [-1,1,256,256]"), message);
    }

    @Test
    void refusesAFixedBatchAxisAndNonFloatTypes() {
        String message = refusal(root -> {
            ((ArrayNode) tensor(root, "keypoints", "inputs", 0).get("shape")).set(0, 1);
            tensor(root, "keypoints", "outputs", 0).put("dtype", "float16");
        });

        assertTrue(message.contains("must start with the dynamic batch axis -1"), message);
        assertTrue(message.contains("has dtype float16, expected float32"), message);
    }

    @Test
    void refusesRenamedTensors() {
        String message = refusal(root -> tensor(root, "generator", "outputs", 0).put("name", "image_out"));

        assertTrue(message.contains("generator.onnx outputs are [image_out], the bundle format requires [prediction]"),
                message);
    }

    @Test
    void refusesAGeneratorThatDoesNotTakeWhatTheSourceEncoderGives() {
        String message = refusal(root -> {
            for (int i = 0; i < 7; i++) {
                ObjectNode input = tensor(root, "generator", "inputs", i);
                if (input.get("name").asText().equals("attention_query")) {
                    ((ArrayNode) input.get("shape")).set(1, 999);
                }
            }
        });

        assertTrue(message.contains("generator.onnx attention_query shape [-1,999,"), message);
    }

    @Test
    void refusesFileNamesThatLeaveTheBundle() {
        String message = refusal(root -> graph(root, "depth").put("file", "../depth.onnx"));

        assertTrue(message.contains("graphs.depth.file '../depth.onnx' must be a plain .onnx file name"), message);
    }

    private static String refusal(Consumer<ObjectNode> mutation) {
        ObjectNode root = tinyManifest();
        mutation.accept(root);
        InvalidBundleException error = assertThrows(InvalidBundleException.class,
                () -> BundleManifest.parse(root.toString(), "manifest.json"));
        assertTrue(error.getMessage().startsWith("manifest.json"), error.getMessage());
        return error.getMessage();
    }

    static ObjectNode tinyManifest() {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(TestFixtures.tinyBundle().resolve("manifest.json")));
        } catch (IOException e) {
            throw new AssertionError("cannot read the tiny fixture manifest", e);
        }
    }

    static ObjectNode graph(ObjectNode root, String key) {
        return (ObjectNode) root.get("graphs").get(key);
    }

    static ObjectNode tensor(ObjectNode root, String graph, String list, int index) {
        return (ObjectNode) graph(root, graph).get(list).get(index);
    }
}
