package org.daganstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Map;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.Test;

class InferenceOptionsTest {

    @Test
    void defaultsAreCpuAllOptimisationsNoSpinning() {
        InferenceOptions options = InferenceOptions.from(DaganConfig.empty());

        assertEquals(InferenceOptions.defaults(), options);
        assertEquals(ExecutionProvider.CPU, options.provider());
        assertEquals(OptLevel.ALL_OPT, options.optimizationLevel());
        assertEquals(ExecutionMode.SEQUENTIAL, options.executionMode());
        assertFalse(options.allowSpinning());
        assertEquals(0, options.intraOpThreads());
    }

    @Test
    void readsEveryKeyUnderTheInferencePrefix() {
        InferenceOptions options = InferenceOptions.from(DaganConfig.of(Map.of(
                "inference.intra.op.threads", "1",
                "inference.inter.op.threads", "2",
                "inference.optimization.level", "extended",
                "inference.execution.mode", "PARALLEL",
                "inference.allow.spinning", "true",
                "inference.provider", "tensorrt",
                "inference.device.id", "3",
                "worker.batch.max.size", "4")));

        assertEquals(new InferenceOptions(1, 2, OptLevel.EXTENDED_OPT, ExecutionMode.PARALLEL, true,
                ExecutionProvider.TENSORRT, 3), options);
    }

    @Test
    void environmentVariablesSetTheSameKeys() {
        DaganConfig config = DaganConfig.builder()
                .defaults(Map.of("inference.provider", "cpu"))
                .env(Map.of("DAGAN_INFERENCE_PROVIDER", "cuda", "DAGAN_INFERENCE_INTRA_OP_THREADS", "1"))
                .build();

        InferenceOptions options = InferenceOptions.from(config);

        assertEquals(ExecutionProvider.CUDA, options.provider());
        assertEquals(1, options.intraOpThreads());
    }

    @Test
    void badValuesNameKeyValueAndOrigin() {
        DaganConfig config = DaganConfig.builder().env(Map.of("DAGAN_INFERENCE_PROVIDER", "opencl")).build();

        ConfigException error = assertThrows(ConfigException.class, () -> InferenceOptions.from(config));

        assertTrue(error.getMessage().contains("inference.provider=opencl is not one of cpu, cuda, tensorrt"),
                error.getMessage());
        assertTrue(error.getMessage().contains("DAGAN_INFERENCE_PROVIDER"), error.getMessage());
    }

    @Test
    void refusesNegativeThreadCounts() {
        ConfigException error = assertThrows(ConfigException.class, () -> InferenceOptions.from(
                DaganConfig.of(Map.of("inference.intra.op.threads", "-1"))));

        assertTrue(error.getMessage().contains("inference.intra.op.threads"), error.getMessage());
    }
}
