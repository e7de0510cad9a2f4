package org.daganstream.loadtest.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs the PyTorch reference of the authors' demo loop ({@code dagan_models reference}) on the benchmark clip:
 * the same source image, the same decoded driving frames, the same random weights as the bundle (preset and seed),
 * relative motion with adapted scale like the pipeline's default job.
 */
public final class ReferenceRunner {

    private final PythonTool python;
    private final String preset;
    private final int seed;
    private final int threads;

    public ReferenceRunner(PythonTool python, String preset, int seed, int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("reference threads must be within 1..64, got " + threads);
        }
        this.python = python;
        this.preset = preset;
        this.seed = seed;
        this.threads = threads;
    }

    public List<String> arguments(Path source, Path framesDir, Path outFrames, Path timingJson) {
        return List.of("reference", "--source", source.toString(), "--driving",
                framesDir.toString(), "--out-frames", outFrames.toString(), "--random", "--preset", preset, "--seed",
                Integer.toString(seed), "--relative", "--adapt-scale", "--threads", Integer.toString(threads),
                "--timing-json", timingJson.toString());
    }

    /** Animates {@code framesDir} with {@code source}; the run's files go to {@code runDir}. */
    public ReferenceResult run(Path source, Path framesDir, Path runDir, int frames)
            throws IOException, InterruptedException {
        Path timing = runDir.resolve("timing.json");
        Duration timeout = Duration.ofMinutes(10).plusSeconds(30L * frames);
        double seconds = python.run(arguments(source.toAbsolutePath(), framesDir.toAbsolutePath(),
                runDir.resolve("frames").toAbsolutePath(), timing.toAbsolutePath()), runDir.resolve("reference.log"),
                timeout);
        return ReferenceResult.parse(timing, seconds);
    }

    public int threads() {
        return threads;
    }
}
