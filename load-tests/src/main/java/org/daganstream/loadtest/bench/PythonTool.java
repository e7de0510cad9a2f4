package org.daganstream.loadtest.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the models toolchain ({@code python3 -m dagan_models ...}) in the {@code models/} folder as a child process,
 * its output going to a log file. A failure or a timeout ends with an exception quoting the log's last lines.
 */
public final class PythonTool {

    private final String python;
    private final Path modelsDir;

    /**
     * @param python    interpreter with torch, numpy, scipy, scikit-image (Debian's {@code /usr/bin/python3})
     * @param modelsDir the {@code models/} folder holding the {@code dagan_models} package
     */
    public PythonTool(String python, Path modelsDir) {
        if (!Files.isDirectory(modelsDir.resolve("dagan_models"))) {
            throw new IllegalArgumentException("no dagan_models package in " + modelsDir + "; run from the"
                    + " dagan-stream checkout or pass --models-dir");
        }
        this.python = python;
        this.modelsDir = modelsDir.toAbsolutePath().normalize();
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** The command line for {@code dagan_models <args>}. */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(python, "-m", "dagan_models"));
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code dagan_models <args>}; returns the wall time in seconds.
     *
     * @throws IllegalStateException on a non-zero exit or a timeout
     */
    public double run(List<String> args, Path log, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = command(args);
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command).directory(modelsDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("dagan_models " + args.get(0) + " did not finish within "
                        + timeout.toMinutes() + " min; see " + log + tail(log));
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("dagan_models " + args.get(0) + " failed with exit code "
                    + process.exitValue() + "; see " + log + tail(log));
        }
        return seconds;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
