package org.daganstream.loadtest.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the benchmark does.
 *
 * @param out              report folder
 * @param cacheDir         where the full bundle, the clip and its frames are kept between runs
 * @param bundle           the pipeline's bundle (null: export/reuse the full random-weight bundle)
 * @param preset           preset of the random-weight bundle to make
 * @param seed             its seed
 * @param frames           frames of the benchmark clip
 * @param jobsPerRun       jobs per pipeline run (the clip each time, submitted at once)
 * @param rounds           alternating rounds (reference, then each pipeline configuration)
 * @param instances        instance counts per model stage to run the pipeline with, e.g. [1, 2]
 * @param intraOpThreads   ONNX Runtime intra-op threads per session (0: cores divided by instances)
 * @param reference        run the PyTorch reference runner
 * @param referenceThreads its torch threads
 * @param partitions       topic partitions of the embedded broker
 * @param configFile       stage settings file, or null
 * @param stageSettings    further stage settings
 * @param soakFrames       0: the side-by-side comparison; otherwise only the memory soak with a job of this many frames
 * @param soakInstances    instances per model stage in the soak
 * @param jfr              record each pipeline run with Java Flight Recorder
 * @param python           Python interpreter for the models toolchain
 * @param modelsDir        the {@code models/} folder
 * @param label            what the run is called in the report ("benchmark", "smoke benchmark")
 */
public record BenchSettings(Path out, Path cacheDir, Path bundle, String preset, int seed, int frames, int jobsPerRun,
                            int rounds, List<Integer> instances, int intraOpThreads, boolean reference,
                            int referenceThreads, int partitions, Path configFile, Map<String, String> stageSettings,
                            int soakFrames, int soakInstances, boolean jfr, String python, Path modelsDir,
                            String label) {

    public BenchSettings {
        if (rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("rounds must be within 1..20, got " + rounds);
        }
        if (frames < 1 || frames > 10_000) {
            throw new IllegalArgumentException("benchmark frames must be within 1..10000, got " + frames);
        }
        if (jobsPerRun < 1 || jobsPerRun > 100) {
            throw new IllegalArgumentException("jobs per run must be within 1..100, got " + jobsPerRun);
        }
        if (instances.isEmpty() || instances.stream().anyMatch(i -> i < 1 || i > 4)) {
            throw new IllegalArgumentException("instances must be a list of 1..4, got " + instances);
        }
        if (soakFrames < 0 || soakFrames > 100_000) {
            throw new IllegalArgumentException("soak frames must be within 0..100000, got " + soakFrames);
        }
        instances = List.copyOf(instances);
        stageSettings = Map.copyOf(stageSettings);
    }

    public boolean soak() {
        return soakFrames > 0;
    }

    /** Threads per ONNX Runtime session for {@code instanceCount} instances per stage. */
    public int threadsFor(int instanceCount) {
        if (intraOpThreads > 0) {
            return intraOpThreads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / instanceCount);
    }
}
