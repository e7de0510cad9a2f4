package org.daganstream.loadtest.report;

import static org.daganstream.loadtest.report.Markdown.millis;
import static org.daganstream.loadtest.report.Markdown.number;
import static org.daganstream.loadtest.report.Markdown.percent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

import org.daganstream.loadtest.bench.BenchResult;
import org.daganstream.loadtest.bench.BenchSettings;
import org.daganstream.loadtest.bench.ReferenceResult;
import org.daganstream.loadtest.load.JobRecord;
import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.metrics.CpuSampler;
import org.daganstream.loadtest.metrics.InferenceSampler;
import org.daganstream.loadtest.metrics.StageMetrics;

/**
 * Writes the benchmark as {@code bench-report.md}: setup, per-round figures, medians and the ratio, the targets
 * (met or not, by how much), the profile of the runs, and for every target not met what limits it.
 */
public final class BenchReport {

    public static final String FILE = "bench-report.md";
    public static final String FPS_CHART = "frames-per-second.png";
    public static final String BUSY_CHART = "stage-busy.png";

    public static final double SPEED_TARGET = 2.0;
    public static final double OVERHEAD_TARGET = 0.10;

    /** Sections of the side-by-side report, in order (the smoke test checks them). */
    public static final List<String> COMPARISON_SECTIONS = List.of("Setup", "Results by round", "Medians", "Targets",
            "Profile", "What limits it");
    /** Sections of the soak report. */
    public static final List<String> SOAK_SECTIONS = List.of("Setup", "Memory soak", "Targets", "What limits it");

    private BenchReport() {
    }

    /** @param command the command line that produced the result, quoted in the report */
    public static Path write(BenchResult result, String command) throws IOException {
        Path dir = result.settings().out();
        Markdown md = new Markdown();
        BenchSettings s = result.settings();
        if (result.soak() != null) {
            md.heading(1, "dagan-stream " + s.label() + ": memory over a " + result.clip().frames() + "-frame job");
            setup(md, result, command);
            SoakSection.write(md, result);
        } else {
            md.heading(1, "dagan-stream " + s.label() + ": pipeline vs PyTorch reference");
            setup(md, result, command);
            rounds(md, result);
            medians(md, dir, result);
            targets(md, result);
            profile(md, dir, result);
            limits(md, result);
        }
        return md.write(dir.resolve(FILE));
    }

    // ---- setup ----

    private static void setup(Markdown md, BenchResult r, String command) {
        BenchSettings s = r.settings();
        md.heading(2, "Setup");
        List<String> items = new ArrayList<>();
        items.add("machine: " + CpuSampler.availableProcessors() + " CPU(s), Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        items.add("model bundle: `" + r.bundleId() + "` (" + r.bundleDir() + ")");
        if (r.referenceWeights() != null) {
            items.add("reference: `python3 -m dagan_models reference " + r.referenceWeights() + " --relative"
                    + " --adapt-scale --threads " + s.referenceThreads() + "` on the clip's decoded PNG frames (same"
                    + " weights as the bundle); its frames/s = frames / (source+anchor setup + per-frame loop), weight"
                    + " building excluded");
        }
        items.add("clip: synthetic " + r.clip().size() + "x" + r.clip().size() + ", " + r.clip().frames() + " frames at "
                + number(r.clip().fps(), 0) + " fps; relative motion with adapted scale");
        if (r.soak() == null) {
            items.add("rounds: " + s.rounds() + ", each: " + (s.reference() ? "reference, then " : "")
                    + "the pipeline with " + s.instances().stream().map(i -> i + " instance(s) (" + s.threadsFor(i)
                    + " intra-op thread(s) per session)").reduce((a, b) -> a + ", then " + b).orElse("")
                    + " per model stage; " + s.jobsPerRun() + " job(s) per pipeline run, submitted at once");
            items.add("pipeline frames/s = frames of the run's jobs / (first submission -> last result published);"
                    + " a fresh embedded system per run (start-up excluded: models are loaded and warm)");
        }
        items.add("embedded broker: " + s.partitions() + " partitions per topic");
        md.bullets(items);
        md.paragraph("Command:");
        md.code(command);
        if (!r.notes().isEmpty()) {
            md.bullets(r.notes());
        }
    }

    // ---- comparison ----

    private static void rounds(Markdown md, BenchResult r) {
        md.heading(2, "Results by round");
        List<String> header = new ArrayList<>(List.of("round"));
        if (!r.references().isEmpty()) {
            header.add("reference frames/s");
        }
        for (int i : r.settings().instances()) {
            header.add("pipeline " + i + "x frames/s");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int round = 1; round <= r.settings().rounds(); round++) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(round)));
            int current = round;
            if (!r.references().isEmpty()) {
                row.add(r.references().stream().filter(x -> x.round() == current).findFirst()
                        .map(x -> number(x.result().framesPerSecond(), 3)).orElse("n/a"));
            }
            for (int i : r.settings().instances()) {
                row.add(r.runs(i).stream().filter(x -> x.round() == current).findFirst()
                        .map(x -> number(x.framesPerSecond(), 3) + " ([report](" + link(r, x.reportDir()) + "/" + RunReport.FILE + "))")
                        .orElse("n/a"));
            }
            rows.add(row);
        }
        md.table(header, rows);
        List<String> failures = new ArrayList<>();
        for (BenchResult.PipelineRun run : r.pipelineRuns()) {
            for (JobRecord j : run.result().jobs()) {
                if (!j.succeeded()) {
                    failures.add("round " + run.round() + ", " + run.instances() + "x: " + j.jobId() + ": " + j.failure());
                }
            }
        }
        if (!failures.isEmpty()) {
            md.paragraph("Jobs that did not succeed (their frames are not counted):");
            md.bullets(failures);
        }
    }

    private static void medians(Markdown md, Path dir, BenchResult r) {
        md.heading(2, "Medians");
        OptionalDouble ref = r.medianReferenceFps();
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        if (ref.isPresent()) {
            rows.add(List.of("PyTorch reference", number(ref.getAsDouble(), 3), millis(1000 / ref.getAsDouble()), "1.00x"));
            labels.add("reference");
            values.add(ref.getAsDouble());
        }
        for (int i : r.settings().instances()) {
            OptionalDouble fps = r.medianPipelineFps(i);
            rows.add(List.of("pipeline, " + i + " instance(s) per model stage", fps.isPresent()
                    ? number(fps.getAsDouble(), 3) : "n/a", fps.isPresent() ? millis(1000 / fps.getAsDouble()) : "n/a",
                    ref.isPresent() && fps.isPresent() ? number(fps.getAsDouble() / ref.getAsDouble(), 2) + "x" : "n/a"));
            labels.add("pipeline " + i + "x");
            values.add(fps.isPresent() ? fps.getAsDouble() : Double.NaN);
        }
        md.table(List.of("system", "median frames/s", "per frame", "vs reference"), rows);
        Charts.bars(dir.resolve(FPS_CHART), "Frames per second (median of " + r.settings().rounds() + " round(s))",
                "frames/s", labels, values);
        md.image("frames per second", FPS_CHART);
    }

    private static void targets(Markdown md, BenchResult r) {
        md.heading(2, "Targets");
        List<List<String>> rows = new ArrayList<>();
        int best = r.bestInstances();
        OptionalDouble ref = r.medianReferenceFps();
        OptionalDouble fps = r.medianPipelineFps(best);
        if (ref.isPresent() && fps.isPresent()) {
            double ratio = fps.getAsDouble() / ref.getAsDouble();
            rows.add(List.of("pipeline frames/s >= " + number(SPEED_TARGET, 1) + "x the reference's",
                    number(ratio, 2) + "x (" + best + " instance(s) per model stage)", verdict(ratio >= SPEED_TARGET)));
        } else {
            rows.add(List.of("pipeline frames/s >= " + number(SPEED_TARGET, 1) + "x the reference's", "not measured",
                    "n/a"));
        }
        double outside = medianOutside(r, best);
        rows.add(List.of("wall time outside ONNX inference <= " + percent(OVERHEAD_TARGET), Double.isFinite(outside)
                ? percent(outside) + " (" + best + " instance(s))" : "not measured", Double.isFinite(outside)
                ? verdict(outside <= OVERHEAD_TARGET) : "n/a"));
        rows.add(List.of("flat memory over a 1,000-frame job", "measured separately: `bench --soak`", "see the soak report"));
        md.table(List.of("target", "measured", "met"), rows);
    }

    private static void profile(Markdown md, Path dir, BenchResult r) {
        md.heading(2, "Profile");
        md.paragraph("For each configuration, its median run (the run closest to the median frames/s). Model time per"
                + " frame and busy share are from the stages' metrics; the shares of wall time with a stage inside ONNX"
                + " Runtime come from sampling the inference threads every 10 ms.");
        for (int i : r.settings().instances()) {
            BenchResult.PipelineRun run = medianRun(r, i);
            if (run == null) {
                continue;
            }
            RunResult res = run.result();
            md.heading(3, "Pipeline, " + i + " instance(s) per model stage, " + run.intraOpThreads()
                    + " intra-op thread(s) (round " + run.round() + ")");
            List<List<String>> rows = new ArrayList<>();
            double wall = res.wallSeconds();
            InferenceSampler.Profile p = res.inference();
            for (StageMetrics s : res.stages()) {
                Double sampled = p == null ? null : p.stageBusy().get(s.stage());
                rows.add(List.of(s.stage(), millis(s.inferenceMillisPerFrame()), number(s.meanBatchSize(), 2),
                        millis(s.meanQueueWaitMillis()), percent(wall > 0 ? s.inferenceSeconds() / wall : Double.NaN),
                        sampled == null ? "n/a" : percent(sampled)));
            }
            md.table(List.of("stage", "model time / frame", "mean batch", "queue wait", "busy (metrics)",
                    "inside ONNX Runtime (sampled)"), rows);
            List<String> facts = new ArrayList<>();
            facts.add("wall time " + millis(wall * 1000) + " for " + res.framesDone() + " frames ("
                    + number(res.framesPerSecond(), 3) + " frames/s); system start-up before it " + millis(res.startupMillis()));
            if (p != null) {
                facts.add("no stage inside ONNX Runtime: " + percent(p.outsideInference()) + " of the wall time;"
                        + " two or more at once: " + percent(p.overlap()));
            }
            facts.add("process CPU: " + number(wall > 0 ? res.cpuSeconds() / wall : Double.NaN, 2) + " of "
                    + CpuSampler.availableProcessors() + " cores busy on average; peak RSS during the run "
                    + number(res.peakSampledRssMib(), 0)
                    + " MiB");
            JobRecord job = res.jobs().isEmpty() ? null : res.jobs().get(0);
            if (job != null && job.succeeded()) {
                facts.add("first job: first frame after " + millis(job.timeToFirstFrameMillis()) + ", result "
                        + millis(job.finishedAt() - job.lastFrameAt()) + " after its last frame");
            }
            md.bullets(facts);
            if (i == r.bestInstances() && p != null && !p.stageBusy().isEmpty()) {
                List<String> labels = new ArrayList<>(List.of("no inference"));
                List<Double> values = new ArrayList<>(List.of(p.outsideInference() * 100));
                p.stageBusy().forEach((stage, share) -> {
                    labels.add(stage);
                    values.add(share * 100);
                });
                Charts.bars(dir.resolve(BUSY_CHART), "Share of wall time inside ONNX Runtime (" + i + "x)",
                        "% of wall time", labels, values);
                md.image("stage busy shares", BUSY_CHART);
            }
        }
        if (!r.references().isEmpty()) {
            ReferenceResult ref = r.references().stream().map(BenchResult.ReferenceRun::result)
                    .min(Comparator.comparingDouble(x -> Math.abs(x.framesPerSecond()
                            - r.medianReferenceFps().orElse(0)))).orElseThrow();
            md.heading(3, "PyTorch reference (median run)");
            List<List<String>> rows = new ArrayList<>();
            ref.medianMillis().forEach((k, v) -> rows.add(List.of(k.replace("_ms", ""), millis(v))));
            rows.add(List.of("per-job setup (source, anchor)", millis(ref.setupSeconds() * 1000)));
            rows.add(List.of("weights (excluded)", millis(ref.weightsSeconds() * 1000)));
            md.table(List.of("median per frame", "time"), rows);
        }
    }

    private static void limits(Markdown md, BenchResult r) {
        md.heading(2, "What limits it");
        List<String> lines = new ArrayList<>();
        int best = r.bestInstances();
        BenchResult.PipelineRun run = medianRun(r, best);
        OptionalDouble ref = r.medianReferenceFps();
        OptionalDouble fps = r.medianPipelineFps(best);
        if (run == null || fps.isEmpty()) {
            md.paragraph("No pipeline run produced a result; see the run reports.");
            return;
        }
        if (ref.isPresent() && fps.getAsDouble() / ref.getAsDouble() < SPEED_TARGET) {
            lines.addAll(BenchLimits.speed(r, run, fps.getAsDouble(), ref.getAsDouble(), SPEED_TARGET));
        }
        double outside = medianOutside(r, best);
        if (Double.isFinite(outside) && outside > OVERHEAD_TARGET) {
            lines.addAll(BenchLimits.overhead(run, outside, OVERHEAD_TARGET));
        }
        if (lines.isEmpty()) {
            md.paragraph("Every target measured here is met.");
        } else {
            md.bullets(lines);
        }
    }

    // ---- helpers ----

    private static double medianOutside(BenchResult r, int instances) {
        double[] values = r.runs(instances).stream().map(x -> x.result().inference()).filter(p -> p != null)
                .mapToDouble(InferenceSampler.Profile::outsideInference).filter(Double::isFinite).toArray();
        return values.length == 0 ? Double.NaN
                : org.daganstream.loadtest.stats.Percentiles.of(values).p50();
    }

    private static BenchResult.PipelineRun medianRun(BenchResult r, int instances) {
        OptionalDouble median = r.medianPipelineFps(instances);
        return r.runs(instances).stream()
                .min(Comparator.comparingDouble(x -> Math.abs(finite(x.framesPerSecond()) - median.orElse(0))))
                .orElse(null);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : -1e9;
    }

    static String verdict(boolean met) {
        return met ? "yes" : "**no**";
    }

    static String link(BenchResult r, Path target) {
        return r.settings().out().toAbsolutePath().relativize(target.toAbsolutePath()).toString().replace('\\', '/');
    }
}
