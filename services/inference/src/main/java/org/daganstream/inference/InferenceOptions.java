package org.daganstream.inference;

import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Locale;
import java.util.Objects;
import org.daganstream.common.config.DaganConfig;

/**
 * How graphs are run: ONNX Runtime threading, graph optimisation and execution provider. Read from configuration
 * keys under {@code inference.} (environment {@code DAGAN_INFERENCE_*}):
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code inference.intra.op.threads}</td><td>0</td>
 *       <td>threads inside one operator; 0 lets ONNX Runtime use one per physical core</td></tr>
 *   <tr><td>{@code inference.inter.op.threads}</td><td>0</td>
 *       <td>threads running independent operators; only used in parallel execution mode</td></tr>
 *   <tr><td>{@code inference.optimization.level}</td><td>all</td>
 *       <td>{@code none|basic|extended|all}; {@code all} keeps the NCHWc convolution kernels</td></tr>
 *   <tr><td>{@code inference.execution.mode}</td><td>sequential</td><td>{@code sequential|parallel}</td></tr>
 *   <tr><td>{@code inference.allow.spinning}</td><td>false</td>
 *       <td>let idle pool threads spin; off so sessions sharing cores do not steal them from each other</td></tr>
 *   <tr><td>{@code inference.provider}</td><td>cpu</td>
 *       <td>{@code cpu|cuda|tensorrt}; falls back to CPU with a warning when unavailable</td></tr>
 *   <tr><td>{@code inference.device.id}</td><td>0</td><td>GPU ordinal for cuda/tensorrt</td></tr>
 * </table>
 */
public record InferenceOptions(int intraOpThreads, int interOpThreads, OptLevel optimizationLevel,
                               ExecutionMode executionMode, boolean allowSpinning, ExecutionProvider provider,
                               int deviceId) {
    /** Configuration prefix of every inference key. */
    public static final String PREFIX = "inference.";

    public InferenceOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = ONNX Runtime default)");
        }
        if (deviceId < 0) {
            throw new IllegalArgumentException("device id must be >= 0");
        }
        Objects.requireNonNull(optimizationLevel, "optimizationLevel");
        Objects.requireNonNull(executionMode, "executionMode");
        Objects.requireNonNull(provider, "provider");
    }

    /** The documented defaults: CPU, all optimisations, sequential, no spinning, runtime-chosen thread count. */
    public static InferenceOptions defaults() {
        return new InferenceOptions(0, 0, OptLevel.ALL_OPT, ExecutionMode.SEQUENTIAL, false, ExecutionProvider.CPU, 0);
    }

    /** Reads the {@code inference.*} keys of {@code config}; unknown values fail naming key, value and origin. */
    public static InferenceOptions from(DaganConfig config) {
        DaganConfig keys = config.subset(PREFIX);
        InferenceOptions base = defaults();
        int maxThreads = 1024;
        return new InferenceOptions(
                keys.getInt("intra.op.threads", base.intraOpThreads(), 0, maxThreads),
                keys.getInt("inter.op.threads", base.interOpThreads(), 0, maxThreads),
                keys.typed("optimization.level", "one of none, basic, extended, all",
                        InferenceOptions::parseOptLevel).orElse(base.optimizationLevel()),
                keys.typed("execution.mode", "one of sequential, parallel",
                        InferenceOptions::parseExecutionMode).orElse(base.executionMode()),
                keys.getBoolean("allow.spinning", base.allowSpinning()),
                keys.typed("provider", "one of cpu, cuda, tensorrt", ExecutionProvider::parse)
                        .orElse(base.provider()),
                keys.getInt("device.id", base.deviceId(), 0, 64));
    }

    public InferenceOptions withProvider(ExecutionProvider newProvider) {
        return new InferenceOptions(intraOpThreads, interOpThreads, optimizationLevel, executionMode, allowSpinning,
                newProvider, deviceId);
    }

    public InferenceOptions withIntraOpThreads(int threads) {
        return new InferenceOptions(threads, interOpThreads, optimizationLevel, executionMode, allowSpinning,
                provider, deviceId);
    }

    /** One line for start-up logs. */
    public String describe() {
        return "provider=" + provider + (provider == ExecutionProvider.CPU ? "" : " device=" + deviceId)
                + " intraOpThreads=" + (intraOpThreads == 0 ? "auto" : intraOpThreads)
                + " interOpThreads=" + (interOpThreads == 0 ? "auto" : interOpThreads)
                + " optimization=" + optimizationLevel + " mode=" + executionMode + " spinning=" + allowSpinning;
    }

    static OptLevel parseOptLevel(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "none", "disabled", "no_opt" -> OptLevel.NO_OPT;
            case "basic", "basic_opt" -> OptLevel.BASIC_OPT;
            case "extended", "extended_opt" -> OptLevel.EXTENDED_OPT;
            case "all", "all_opt" -> OptLevel.ALL_OPT;
            default -> throw new IllegalArgumentException("unknown optimization level " + text);
        };
    }

    static ExecutionMode parseExecutionMode(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "sequential" -> ExecutionMode.SEQUENTIAL;
            case "parallel" -> ExecutionMode.PARALLEL;
            default -> throw new IllegalArgumentException("unknown execution mode " + text);
        };
    }
}
