package org.daganstream.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide ONNX Runtime environment. Use {@link #environment()} instead of
 * {@link OrtEnvironment#getEnvironment()} for the first call in a process.
 *
 * <p>Why: creating the native environment walks the process command line recursively, about 250 bytes of stack per
 * character. A JVM started with a long {@code -cp} (a few KB, as any service classpath is) overflows the 1 MiB stack
 * of the main thread and the process dies with SIGSEGV, no Java exception, no hs_err file. So the environment is
 * created once on a short-lived thread whose stack is sized from the actual command line; later calls return the
 * same instance without touching the command line again.
 */
public final class OrtRuntime {
    /** Logger id ONNX Runtime prints in its own log lines. */
    static final String LOG_ID = "dagan-stream";
    private static final long MIN_STACK = 16L << 20;
    private static final long MAX_STACK = 1L << 30;
    private static final long STACK_PER_COMMAND_LINE_BYTE = 1024;

    private static volatile OrtEnvironment environment;

    private OrtRuntime() {
    }

    /** The shared environment, created on first use (thread-safe). */
    public static OrtEnvironment environment() {
        OrtEnvironment current = environment;
        if (current == null) {
            synchronized (OrtRuntime.class) {
                current = environment;
                if (current == null) {
                    current = createOnLargeStack();
                    environment = current;
                }
            }
        }
        return current;
    }

    private static OrtEnvironment createOnLargeStack() {
        AtomicReference<OrtEnvironment> created = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable create = () -> {
            try {
                created.set(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, LOG_ID));
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        Thread thread = new Thread(null, create, "onnxruntime-init", stackSize());
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while starting ONNX Runtime", e);
        }
        if (failure.get() != null) {
            throw new InferenceException("ONNX Runtime could not start: " + failure.get(), failure.get());
        }
        return created.get();
    }

    /** Stack for the init thread: proportional to the command line, within [16 MiB, 1 GiB]; reserved, not touched. */
    static long stackSize() {
        long commandLine;
        try {
            commandLine = Files.readAllBytes(Path.of("/proc/self/cmdline")).length;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            commandLine = 64 * 1024; // not Linux procfs: assume a long classpath
        }
        return Math.max(MIN_STACK, Math.min(MAX_STACK, commandLine * STACK_PER_COMMAND_LINE_BYTE));
    }
}
