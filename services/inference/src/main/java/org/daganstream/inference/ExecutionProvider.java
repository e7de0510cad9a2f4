package org.daganstream.inference;

import java.util.Locale;

/** Where ONNX Runtime runs a graph. CUDA and TensorRT need the GPU build of the runtime ({@code -Pgpu}). */
public enum ExecutionProvider {
    CPU("cpu"),
    CUDA("cuda"),
    TENSORRT("tensorrt");

    private final String configName;

    ExecutionProvider(String configName) {
        this.configName = configName;
    }

    /** The spelling used in configuration ({@code inference.provider=cuda}). */
    public String configName() {
        return configName;
    }

    /** Parses {@code cpu}, {@code cuda} or {@code tensorrt} (case-insensitive, {@code trt} accepted). */
    public static ExecutionProvider parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("trt")) {
            return TENSORRT;
        }
        for (ExecutionProvider provider : values()) {
            if (provider.configName.equals(wanted)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown execution provider '" + text + "'; expected cpu, cuda or tensorrt");
    }

    @Override
    public String toString() {
        return configName;
    }
}
