package org.daganstream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daganstream.inference.BundleManifest;

/** Runs the PyTorch reference runner of {@code models/} ({@code python3 -m dagan_models reference}). */
final class ReferenceRunner {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private ReferenceRunner() {
    }

    /** Null when python3 with torch, skimage and PIL is usable, else why not. */
    static String unavailableReason() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is not installed";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, skimage, PIL")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "python3 lacks torch/skimage/PIL: " + out.strip();
            }
            return null;
        } catch (IOException e) {
            return "cannot run python3: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Animates {@code source} with the PNG frames in {@code drivingDir} using the random weights the bundle was made
     * from (its manifest's {@code made_by}), relative motion with adapted scale and anchor 0 (the CLI's defaults).
     */
    static void run(Path bundle, Path source, Path drivingDir, Path outDir) throws IOException, InterruptedException {
        Map<String, Object> madeBy = BundleManifest.read(bundle).madeBy();
        if (!"random".equals(madeBy.get("source"))) {
            throw new IllegalStateException("the reference needs the weights of " + bundle + "; only random bundles"
                    + " can be reproduced from their manifest");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-m", "dagan_models", "reference",
                "--source", source.toString(), "--driving", drivingDir.toString(), "--out-frames", outDir.toString(),
                "--random", "--preset", String.valueOf(madeBy.get("preset")),
                "--seed", String.valueOf(madeBy.get("seed")), "--relative", "--adapt-scale", "--anchor", "0",
                "--threads", "1"));
        Process p = new ProcessBuilder(cmd).directory(TestPaths.home().resolve("models").toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("reference runner failed (" + String.join(" ", cmd) + "):\n" + out);
        }
    }
}
