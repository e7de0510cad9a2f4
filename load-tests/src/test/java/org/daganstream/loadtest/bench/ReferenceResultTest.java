package org.daganstream.loadtest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceResultTest {

    @TempDir
    Path dir;

    /** The layout `dagan_models reference --timing-json` writes. */
    static final String TIMING = """
            {
              "frames": 2, "fps": 25.0, "threads": 2, "weights": "random-full-seed0",
              "generator": "DepthAwareGenerator", "preset": "full",
              "options": {"relative": true, "adapt_scale": true, "anchor": 0, "find_best_frame": false, "scale": 1.01},
              "weights_load_ms": 30000.0,
              "setup_ms": {"source": 150.0, "anchor": 250.0},
              "summary": {"median_depth_ms": 60.0, "mean_depth_ms": 61.0, "median_generator_ms": 1100.0,
                          "mean_generator_ms": 1150.0, "median_total_ms": 1300.0, "mean_total_ms": 1350.0},
              "per_frame": [
                {"index": 0, "depth_ms": 60, "keypoints_ms": 40, "normalize_ms": 1, "generator_ms": 1100, "total_ms": 1200.0},
                {"index": 1, "depth_ms": 62, "keypoints_ms": 41, "normalize_ms": 1, "generator_ms": 1200, "total_ms": 1400.0}
              ]
            }
            """;

    @Test
    void framesPerSecondCountsTheSetupAndTheLoopButNotTheWeights() throws IOException {
        Path file = Files.writeString(dir.resolve("timing.json"), TIMING);
        ReferenceResult r = ReferenceResult.parse(file, 42.0);
        assertEquals(2, r.frames());
        assertEquals(2, r.threads());
        assertEquals(2.6, r.loopSeconds(), 1e-9);
        assertEquals(0.4, r.setupSeconds(), 1e-9);
        assertEquals(30.0, r.weightsSeconds(), 1e-9);
        assertEquals(2 / 3.0, r.framesPerSecond(), 1e-9);
        assertEquals(1100.0, r.medianMillis().get("generator_ms"));
        assertEquals(42.0, r.processSeconds());
    }

    @Test
    void aReportWithoutFramesIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("timing.json"), "{\"frames\": 0, \"per_frame\": []}");
        IOException e = assertThrows(IOException.class, () -> ReferenceResult.parse(file, 1));
        assertTrue(e.getMessage().contains("per_frame"), e.getMessage());
    }

    @Test
    void theReferenceRunsWithTheBundlesWeightsAndThePipelinesMotionOptions() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models").resolve("dagan_models")).getParent();
        ReferenceRunner runner = new ReferenceRunner(new PythonTool("/usr/bin/python3", models), "full", 7, 2);
        List<String> args = runner.arguments(Path.of("/s.png"), Path.of("/frames"), Path.of("/out"), Path.of("/t.json"));
        String line = String.join(" ", args);
        assertTrue(line.startsWith("reference --source /s.png --driving /frames --out-frames /out"), line);
        assertTrue(line.contains("--random --preset full --seed 7"), line);
        assertTrue(line.contains("--relative --adapt-scale --threads 2 --timing-json /t.json"), line);
    }

    @Test
    void aMissingModelsFolderIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PythonTool("/usr/bin/python3", dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("dagan_models"), e.getMessage());
    }
}
