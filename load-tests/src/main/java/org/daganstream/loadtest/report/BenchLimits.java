package org.daganstream.loadtest.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.daganstream.loadtest.bench.BenchResult;
import org.daganstream.loadtest.bench.ReferenceResult;
import org.daganstream.loadtest.load.JobRecord;
import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.metrics.CpuSampler;
import org.daganstream.loadtest.metrics.InferenceSampler;
import org.daganstream.loadtest.metrics.StageMetrics;

/** The "What limits it" lines of the bench report: for a target not met, by how much and what holds it back. */
final class BenchLimits {

    private BenchLimits() {
    }

    static List<String> speed(BenchResult r, BenchResult.PipelineRun run, double fps, double ref, double target) {
        List<String> lines = new ArrayList<>();
        double needed = target * ref;
        lines.add(String.format(Locale.ROOT, "Speed: the best configuration (%d instance(s) per model stage) reaches"
                + " %.3f frames/s, %.2fx the reference's %.3f; %.1fx needs %.3f frames/s: short by %.0f%% (a factor"
                + " of %.2f).", run.instances(), fps, fps / ref, ref, target, needed, (1 - fps / needed) * 100,
                needed / fps));
        RunResult res = run.result();
        StageMetrics bottleneck = res.stages().stream()
                .max(Comparator.comparingDouble(StageMetrics::inferenceSeconds)).orElse(null);
        double wall = res.wallSeconds();
        double cores = wall > 0 ? res.cpuSeconds() / wall : Double.NaN;
        if (bottleneck != null && wall > 0) {
            double busy = busyShare(res, bottleneck);
            double perFrame = bottleneck.inferenceMillisPerFrame();
            int instances = Math.max(1, bottleneck.instances());
            double ceiling = instances * 1000 / perFrame;
            double allowed = instances * 1000 / needed;
            double sum = res.stages().stream().mapToDouble(StageMetrics::inferenceMillisPerFrame)
                    .filter(Double::isFinite).sum();
            if (busy >= 0.8) {
                lines.add(String.format(Locale.ROOT, "It is limited by the %s stage's model time: inside ONNX Runtime"
                        + " %.0f%% of the wall time, at %.0f ms per frame per instance (%d intra-op thread(s)). %d"
                        + " instance(s) at that speed allow at most %.3f frames/s; the target needs at most %.0f ms per"
                        + " frame per instance, %.0f%% less model time.", bottleneck.stage(), busy * 100, perFrame,
                        run.intraOpThreads(), instances, ceiling, allowed, (1 - allowed / perFrame) * 100));
            } else {
                lines.add(String.format(Locale.ROOT, "No stage's model time is saturated (the busiest, %s, ran"
                        + " inference %.0f%% of the wall time at %.0f ms per frame): the pipeline loses time outside"
                        + " inference; see the wall-time share below and the run reports' per-stage times.",
                        bottleneck.stage(), busy * 100, perFrame));
            }
            lines.add(String.format(Locale.ROOT, "Model time per frame over all stages: %.0f ms; the process kept %.2f"
                    + " of %d cores busy on average, so %s.", sum, cores, CpuSampler.availableProcessors(),
                    cores >= 0.85 * CpuSampler.availableProcessors()
                            ? "the run is CPU-bound: more speed has to come from cheaper graphs (e.g. int8 convolutions,"
                            + " see PERFORMANCE.md) or more cores, not from scheduling"
                            : "cores were left idle: more overlap between stages (more instances or partitions) could"
                            + " still help"));
        }
        if (!r.references().isEmpty()) {
            ReferenceResult ref0 = r.references().get(0).result();
            Double gen = ref0.medianMillis().get("generator_ms");
            Double total = ref0.medianMillis().get("total_ms");
            if (gen != null && total != null) {
                lines.add(String.format(Locale.ROOT, "For comparison the reference spends a median %.0f ms per frame,"
                        + " %.0f ms of it in its generator (which re-encodes the source image every frame).", total, gen));
            }
        }
        return lines;
    }

    static List<String> overhead(BenchResult.PipelineRun run, double outside, double target) {
        List<String> lines = new ArrayList<>();
        RunResult res = run.result();
        double wall = res.wallSeconds();
        lines.add(String.format(Locale.ROOT, "Overhead: no stage was inside ONNX Runtime for %.1f%% of the wall time"
                + " (target at most %.0f%%: over by %.1f points).", outside * 100, target * 100,
                (outside - target) * 100));
        List<JobRecord> ok = res.succeeded();
        if (!ok.isEmpty() && wall > 0) {
            double fill = ok.stream().mapToLong(JobRecord::timeToFirstFrameMillis).min().orElse(0) / 1000.0;
            double drain = ok.stream().mapToLong(j -> j.finishedAt() - j.lastFrameAt()).max().orElse(0) / 1000.0;
            lines.add(String.format(Locale.ROOT, "Of the %.1f s wall time, %.1f s (%.0f%%) passed before the first"
                    + " generated frame (ingest decoding and uploading frames, the source image's depth and keypoints,"
                    + " the anchor frame, the source encoding: stages wait on each other) and %.1f s (%.0f%%) after the"
                    + " last frame (assembly: reading the frames back, H.264 muxing, upload). With few jobs these fill"
                    + " and drain phases leave most stages idle; the remaining idle time is spread between frames"
                    + " (Kafka hops, blob reads and writes, batching delays).", wall, fill, fill / wall * 100, drain,
                    drain / wall * 100));
        }
        return lines;
    }

    static double busyShare(RunResult res, StageMetrics stage) {
        InferenceSampler.Profile p = res.inference();
        if (p != null && p.stageBusy().get(stage.stage()) != null) {
            return p.stageBusy().get(stage.stage());
        }
        double wall = res.wallSeconds();
        return wall > 0 ? stage.inferenceSeconds() / wall / Math.max(1, stage.instances()) : Double.NaN;
    }
}
