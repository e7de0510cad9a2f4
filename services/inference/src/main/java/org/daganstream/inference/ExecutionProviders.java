package org.daganstream.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the requested execution provider to ONNX Runtime session options. CUDA and TensorRT exist only in the GPU
 * build of the runtime and need the CUDA libraries on the host; when they cannot load, the session stays on CPU (the
 * runtime's implicit last provider) and one WARN line names the provider and the cause. TensorRT is registered with
 * CUDA behind it, so nodes TensorRT does not take run on the GPU rather than the CPU.
 *
 * <p>Only APIs present in both the CPU and the GPU runtime jar are used, so this compiles against either.
 */
public final class ExecutionProviders {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionProviders.class);
    /** Fallback messages already logged at WARN: every session of a process hits the same cause; say it once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private ExecutionProviders() {
    }

    /** Configures {@code sessionOptions} for {@code options.provider()}, warning once per distinct fallback. */
    public static ProviderSelection configure(SessionOptions sessionOptions, InferenceOptions options) {
        return configure(sessionOptions, options, ExecutionProviders::warnOnce);
    }

    /** As {@link #configure(SessionOptions, InferenceOptions)}, reporting a fallback to {@code warnings}. */
    static ProviderSelection configure(SessionOptions sessionOptions, InferenceOptions options,
                                       Consumer<String> warnings) {
        ExecutionProvider requested = options.provider();
        int device = options.deviceId();
        ProviderSelection selection = switch (requested) {
            case CPU -> ProviderSelection.granted(ExecutionProvider.CPU);
            case CUDA -> {
                String failure = tryAdd(sessionOptions, ExecutionProvider.CUDA, device);
                yield failure == null ? ProviderSelection.granted(ExecutionProvider.CUDA)
                        : new ProviderSelection(requested, ExecutionProvider.CPU, failure);
            }
            case TENSORRT -> {
                String trtFailure = tryAdd(sessionOptions, ExecutionProvider.TENSORRT, device);
                String cudaFailure = tryAdd(sessionOptions, ExecutionProvider.CUDA, device);
                if (trtFailure == null) {
                    // CUDA behind TensorRT is a help, not a requirement: TensorRT alone still runs the graph.
                    yield ProviderSelection.granted(ExecutionProvider.TENSORRT);
                }
                yield cudaFailure == null
                        ? new ProviderSelection(requested, ExecutionProvider.CUDA, trtFailure)
                        : new ProviderSelection(requested, ExecutionProvider.CPU,
                                trtFailure + "; cuda: " + cudaFailure);
            }
        };
        if (selection.fellBack()) {
            warnings.accept(fallbackMessage(selection, device));
        }
        return selection;
    }

    /** The single WARN line for a fallback; also used when a session cannot be created on its provider. */
    static String fallbackMessage(ProviderSelection selection, int device) {
        return "execution provider " + selection.requested() + " (device " + device + ") is unavailable, running on "
                + selection.active() + " instead: " + selection.fallbackReason();
    }

    static void warnOnce(String message) {
        if (WARNED.add(message)) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }

    /** Registers one GPU provider; returns null on success or the reason it could not load. */
    private static String tryAdd(SessionOptions sessionOptions, ExecutionProvider provider, int device) {
        OrtProvider ortProvider = provider == ExecutionProvider.TENSORRT ? OrtProvider.TENSOR_RT : OrtProvider.CUDA;
        Set<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(ortProvider)) {
            return "the ONNX Runtime on the classpath has no " + provider + " support (available: "
                    + available + "); build with -Pgpu to use the onnxruntime_gpu runtime";
        }
        try {
            if (provider == ExecutionProvider.TENSORRT) {
                sessionOptions.addTensorrt(device);
            } else {
                sessionOptions.addCUDA(device);
            }
            return null;
        } catch (OrtException | RuntimeException | LinkageError e) {
            // Typically the provider library cannot find libcudart/libcublas/libnvinfer (see the runtime's own log
            // line above for the missing file) or no device is visible.
            return provider + " provider library did not load (" + e.getMessage()
                    + "); check CUDA 12/cuDNN 9" + (provider == ExecutionProvider.TENSORRT ? "/TensorRT 10" : "")
                    + " libraries on LD_LIBRARY_PATH and the device id";
        }
    }
}
