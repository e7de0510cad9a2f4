package org.daganstream.loadtest.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;

import org.daganstream.loadtest.clip.ClipSpec;
import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.stats.Percentiles;

/**
 * Everything the benchmark measured.
 *
 * @param settings     what was asked
 * @param bundleId     the pipeline's bundle
 * @param bundleDir    where it is
 * @param referenceWeights how the reference got the same weights (e.g. "--random --preset full --seed 0"), or null
 * @param clip         the benchmark clip
 * @param references   reference runs, one per round (empty without the reference)
 * @param pipelineRuns pipeline runs, per round and configuration
 * @param soak         the soak run, or null
 * @param soakDir      its report folder, or null
 * @param notes        things the reader should know (skipped parts, warnings)
 */
public record BenchResult(BenchSettings settings, String bundleId, Path bundleDir, String referenceWeights,
                          ClipSpec clip, List<ReferenceRun> references, List<PipelineRun> pipelineRuns, RunResult soak,
                          Path soakDir, List<String> notes) {

    public record ReferenceRun(int round, ReferenceResult result, Path dir) {
    }

    public record PipelineRun(int round, int instances, int intraOpThreads, RunResult result, Path reportDir) {
        public double framesPerSecond() {
            return result.framesPerSecond();
        }
    }

    public OptionalDouble medianReferenceFps() {
        return median(references.stream().mapToDouble(r -> r.result().framesPerSecond()));
    }

    public OptionalDouble medianPipelineFps(int instances) {
        return median(runs(instances).stream().mapToDouble(PipelineRun::framesPerSecond));
    }

    public List<PipelineRun> runs(int instances) {
        return pipelineRuns.stream().filter(r -> r.instances() == instances).toList();
    }

    /** The configuration with the best median frames/s (the first listed when none has a result). */
    public int bestInstances() {
        int best = settings.instances().get(0);
        double bestFps = -1;
        for (int i : settings.instances()) {
            double fps = medianPipelineFps(i).orElse(-1);
            if (fps > bestFps) {
                best = i;
                bestFps = fps;
            }
        }
        return best;
    }

    static OptionalDouble median(DoubleStream values) {
        double[] v = values.filter(Double::isFinite).toArray();
        return v.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Percentiles.of(v).p50());
    }
}
