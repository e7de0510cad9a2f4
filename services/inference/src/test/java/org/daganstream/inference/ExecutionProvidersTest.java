package org.daganstream.inference;

import static org.daganstream.inference.TensorAssertions.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.daganstream.common.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Provider selection on the runtime the build put on the classpath. On this project's CPU build (and on the GPU build
 * without CUDA libraries or a device) asking for CUDA or TensorRT must fall back to CPU with one warning naming the
 * provider and the cause, and the session must still work. On a machine where the GPU provider does load, the same
 * tests check that it is used and nothing is warned.
 */
class ExecutionProvidersTest {

    @Test
    void cpuNeedsNothingAndWarnsNothing() throws OrtException {
        List<String> warnings = new ArrayList<>();
        try (SessionOptions options = new SessionOptions()) {
            ProviderSelection selection = ExecutionProviders.configure(options, InferenceOptions.defaults(),
                    warnings::add);

            assertEquals(ExecutionProvider.CPU, selection.active());
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void cudaFallsBackToCpuWithOneWarningAndTheSessionStillRuns() {
        List<String> warnings = new ArrayList<>();
        ModelBundle bundle = ModelBundle.open(TestFixtures.tinyBundle());
        GraphSpec spec = bundle.manifest().graph(GraphRole.DEPTH);
        InferenceOptions options = InferenceOptions.defaults().withProvider(ExecutionProvider.CUDA);

        try (GraphSession session = GraphSession.open(bundle.graphFile(GraphRole.DEPTH), spec, options,
                warnings::add)) {
            Tensor depth = session.run(Map.of("image", uniform(5, 0, 1, 1, 3, 256, 256))).get("depth");

            assertArrayEquals(new int[] {1, 1, 256, 256}, depth.shape());
            ProviderSelection selection = session.provider();
            assertEquals(ExecutionProvider.CUDA, selection.requested());
            if (selection.fellBack()) {
                assertEquals(ExecutionProvider.CPU, selection.active());
                assertEquals(1, warnings.size(), warnings.toString());
                String warning = warnings.get(0);
                assertTrue(warning.startsWith("execution provider cuda (device 0) is unavailable, running on cpu "
                        + "instead: "), warning);
                assertTrue(warning.contains(selection.fallbackReason()), warning);
                assertTrue(selection.fallbackReason().length() > 20, "the cause is named: " + selection);
            } else {
                assertEquals(ExecutionProvider.CUDA, selection.active());
                assertTrue(warnings.isEmpty(), warnings.toString());
            }
        }
    }

    @Test
    void tensorRtFallbackIsOneWarningNamingBothProviders() throws OrtException {
        List<String> warnings = new ArrayList<>();
        try (SessionOptions options = new SessionOptions()) {
            ProviderSelection selection = ExecutionProviders.configure(options,
                    InferenceOptions.defaults().withProvider(ExecutionProvider.TENSORRT), warnings::add);

            assertEquals(ExecutionProvider.TENSORRT, selection.requested());
            if (selection.active() == ExecutionProvider.CPU) {
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).startsWith("execution provider tensorrt (device 0) is unavailable, "
                        + "running on cpu instead: "), warnings.get(0));
                assertTrue(warnings.get(0).contains("; cuda: "), warnings.get(0));
            } else {
                assertEquals(selection.fellBack() ? 1 : 0, warnings.size(), warnings.toString());
            }
        }
    }

    @Test
    void cpuOnlyRuntimeIsNamedAsTheCause() throws OrtException {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "only meaningful on the CPU-only runtime (default build)");
        try (SessionOptions options = new SessionOptions()) {
            ProviderSelection selection = ExecutionProviders.configure(options,
                    InferenceOptions.defaults().withProvider(ExecutionProvider.CUDA), message -> { });

            assertTrue(selection.fallbackReason().contains("has no cuda support"), selection.fallbackReason());
            assertTrue(selection.fallbackReason().contains("-Pgpu"), selection.fallbackReason());
        }
    }
}
