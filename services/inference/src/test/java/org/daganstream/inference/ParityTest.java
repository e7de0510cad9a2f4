package org.daganstream.inference;

import static org.daganstream.inference.TensorAssertions.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX Runtime (Java) against PyTorch on the tiny bundle: every case of {@code tiny-parity/cases.json} runs its graph
 * on the stored inputs and must reproduce the stored PyTorch outputs to 1e-4, and the split source encoder + generator
 * must reproduce the monolithic PyTorch generator.
 */
class ParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path casesDir;
    private static JsonNode cases;
    private static ModelBundle bundle;
    private static final Map<GraphRole, GraphSession> SESSIONS = new EnumMap<>(GraphRole.class);

    @BeforeAll
    static void load() throws IOException {
        casesDir = TestFixtures.parityCases();
        cases = JSON.readTree(Files.readString(casesDir.resolve("cases.json")));
        bundle = ModelBundle.open(casesDir.resolve(cases.get("bundle").asText()));
        assertEquals(cases.get("bundle_id").asText(), bundle.id(), "the parity cases were made for another bundle");
        InferenceOptions options = InferenceOptions.defaults().withIntraOpThreads(2);
        for (GraphRole role : GraphRole.values()) {
            SESSIONS.put(role, bundle.openSession(role, options));
        }
    }

    @AfterAll
    static void close() {
        SESSIONS.values().forEach(GraphSession::close);
    }

    @Test
    void everyGraphHasAParityCase() {
        for (GraphRole role : GraphRole.values()) {
            JsonNode graphCases = cases.get("graphs").get(role.key());
            assertTrue(graphCases != null && graphCases.size() > 0, "no parity case for " + role.key());
        }
    }

    @TestFactory
    List<DynamicTest> everyGraphMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> graph : cases.get("graphs").properties()) {
            GraphRole role = GraphRole.parse(graph.getKey());
            for (int i = 0; i < graph.getValue().size(); i++) {
                JsonNode parityCase = graph.getValue().get(i);
                tests.add(DynamicTest.dynamicTest(role.key() + " case " + i + " " + parityCase.get("inputs"),
                        () -> checkCase(role, parityCase)));
            }
        }
        return tests;
    }

    @Test
    void sourceEncoderThenGeneratorEqualsTheMonolithicGenerator() {
        Map<String, Tensor> encoded = SESSIONS.get(GraphRole.SOURCE_ENCODER).run(Map.of(
                "source_image", fixture("source"),
                "source_depth", fixture("source_depth")));
        Tensor expected = fixture("prediction_monolithic");
        int batch = expected.dim(0);

        Map<String, Tensor> generatorInputs = new LinkedHashMap<>();
        generatorInputs.put("source_feature", repeat(encoded.get("source_feature"), batch));
        generatorInputs.put("attention_query", repeat(encoded.get("attention_query"), batch));
        generatorInputs.put("source_image", repeat(fixture("source"), batch));
        generatorInputs.put("kp_source_value", repeat(fixture("kp_source_value"), batch));
        generatorInputs.put("kp_source_jacobian", repeat(fixture("kp_source_jacobian"), batch));
        generatorInputs.put("kp_driving_value", fixture("kp_norm_value"));
        generatorInputs.put("kp_driving_jacobian", fixture("kp_norm_jacobian"));
        Tensor prediction = SESSIONS.get(GraphRole.GENERATOR).run(generatorInputs).get("prediction");

        double error = maxAbsDiff(expected, prediction);
        System.out.printf("parity source_encoder+generator vs prediction_monolithic: max abs error %.3g%n", error);
        assertTrue(error <= TOLERANCE, "source_encoder + generator vs monolithic PyTorch generator: max abs error "
                + error + " exceeds " + TOLERANCE);
    }

    private static void checkCase(GraphRole role, JsonNode parityCase) {
        int repeatTo = parityCase.path("repeat_to_batch").asInt(0);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> input : parityCase.get("inputs").properties()) {
            Tensor tensor = fixture(input.getValue().asText());
            inputs.put(input.getKey(), repeatTo > 1 ? repeat(tensor, repeatTo) : tensor);
        }
        Map<String, Tensor> outputs = SESSIONS.get(role).run(inputs);
        for (Map.Entry<String, JsonNode> output : parityCase.get("outputs").properties()) {
            Tensor expected = fixture(output.getValue().asText());
            double error = maxAbsDiff(expected, outputs.get(output.getKey()));
            System.out.printf("parity %s.%s vs %s: max abs error %.3g%n", role.key(), output.getKey(),
                    output.getValue().asText(), error);
            assertTrue(error <= TOLERANCE, role.key() + " output " + output.getKey() + " vs PyTorch "
                    + output.getValue().asText() + ": max abs error " + error + " exceeds " + TOLERANCE);
        }
    }

    /** A fixture tensor by its key in {@code cases.json}'s {@code files}. */
    private static Tensor fixture(String key) {
        JsonNode file = cases.get("files").get(key);
        assertTrue(file != null, "cases.json lists no file '" + key + "'");
        return Npy.readFloat32(casesDir.resolve(file.get("file").asText()));
    }

    /** Tiles a batch-1 tensor to {@code batch} (cases store per-job source tensors once). */
    private static Tensor repeat(Tensor tensor, int batch) {
        if (tensor.dim(0) == batch) {
            return tensor;
        }
        assertEquals(1, tensor.dim(0), "only batch-1 tensors are repeated: " + tensor);
        return Tensor.stack(Collections.nCopies(batch, tensor.slice(0)));
    }
}
