package org.daganstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A service JVM is started with a classpath of many KB. Creating the ONNX Runtime environment on the main thread of
 * such a JVM overflows its stack and kills the process with SIGSEGV; {@link OrtRuntime} must avoid that. Runs a
 * child JVM whose command line is 40 KB long, loads a graph and runs it.
 */
class LongCommandLineTest {

    @Test
    void sessionsWorkInAJvmWithAVeryLongCommandLine() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String padding = "x".repeat(40_000);
        Process child = new ProcessBuilder(List.of(java, "-Xss1m", "-Ddagan.padding=" + padding,
                "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                TestFixtures.tinyBundle().toString()))
                .redirectErrorStream(true)
                .start();
        boolean finished = child.waitFor(120, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            child.destroyForcibly();
        }

        assertTrue(finished, "child JVM did not finish: " + output);
        assertEquals(0, child.exitValue(), "child JVM failed (139 = SIGSEGV): " + output);
        assertTrue(output.contains("depth ok [1, 1, 256, 256]"), output);
    }

    /** The child: loads the depth graph of the bundle given as argument and runs one frame. */
    public static final class Child {
        public static void main(String[] args) {
            ModelBundle bundle = ModelBundle.open(Path.of(args[0]));
            try (GraphSession depth = bundle.openSession(GraphRole.DEPTH, InferenceOptions.defaults())) {
                var out = depth.run(Map.of("image", TensorAssertions.uniform(1, 0, 1, 1, 3, 256, 256)));
                System.out.println("depth ok " + java.util.Arrays.toString(out.get("depth").shape()));
            }
        }
    }
}
