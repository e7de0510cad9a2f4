package org.daganstream.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs {@code /usr/bin/python3} snippets (with NumPy) to cross-check formats against the reference tools. */
public final class Python {

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private Python() {
    }

    /** Skips the calling test when python3 with NumPy is not installed. */
    public static void assumeNumpy() {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "python3 not installed");
        try {
            run("import numpy");
        } catch (IllegalStateException e) {
            Assumptions.abort("NumPy not available: " + e.getMessage());
        }
    }

    /** Runs {@code script}; returns stdout; throws with stderr when it exits non-zero. */
    public static String run(String script, String... args) {
        try {
            String[] command = new String[3 + args.length];
            command[0] = PYTHON.toString();
            command[1] = "-c";
            command[2] = script;
            System.arraycopy(args, 0, command, 3, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("python3 timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("python3 failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run python3: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
