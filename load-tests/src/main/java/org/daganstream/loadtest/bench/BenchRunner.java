package org.daganstream.loadtest.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daganstream.cli.bundle.BundleCheck;
import org.daganstream.inference.OrtRuntime;
import org.daganstream.loadtest.clip.Clip;
import org.daganstream.loadtest.clip.ClipFrames;
import org.daganstream.loadtest.clip.ClipMaker;
import org.daganstream.loadtest.clip.ClipSpec;
import org.daganstream.loadtest.load.LoadPlan;
import org.daganstream.loadtest.load.LoadRun;
import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.report.RunReport;
import org.daganstream.loadtest.target.EmbeddedTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side-by-side benchmark: one bundle, one clip, then rounds that each run the PyTorch reference once and the
 * embedded pipeline once per configuration (instances per model stage), one after the other so they never share
 * the CPU. Each pipeline run starts a fresh embedded system (start-up is reported, not measured) and gets its own
 * run report. With a soak length, only the memory soak runs: one long job, memory sampled throughout.
 */
public final class BenchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
    private static final double CLIP_FPS = 25;
    private static final int CLIP_SIZE = 256;

    private final BenchSettings settings;

    public BenchRunner(BenchSettings settings) {
        this.settings = settings;
    }

    public BenchResult run() throws IOException, InterruptedException {
        OrtRuntime.environment();
        List<String> notes = new ArrayList<>();
        PythonTool python = needsPython() ? new PythonTool(settings.python(), settings.modelsDir()) : null;
        Path bundleDir = settings.bundle() != null ? settings.bundle()
                : BundleCache.randomBundle(python, settings.cacheDir(), settings.preset(), settings.seed());
        BundleCheck.Checked bundle = BundleCheck.open(bundleDir);
        if (settings.soak()) {
            return soak(bundle, notes);
        }
        String weights = null;
        ReferenceRunner reference = null;
        if (settings.reference()) {
            weights = referenceWeights(bundle);
            reference = new ReferenceRunner(python, preset(bundle), seed(bundle), settings.referenceThreads());
        } else {
            notes.add(settings.label().contains("smoke") ? "The PyTorch reference is not run in smoke mode: no ratio."
                    : "The PyTorch reference was not run (--no-reference): no ratio.");
        }
        ClipSpec spec = new ClipSpec(CLIP_SIZE, settings.frames(), CLIP_FPS, false);
        Clip clip = ClipMaker.make(settings.cacheDir().resolve("clips"), spec);
        Path frames = null;
        if (reference != null) {
            frames = settings.cacheDir().resolve("clips").resolve("frames-" + spec.slug());
            ClipFrames.decodeToPngs(clip.drivingVideo(), frames, spec.frames());
        }
        List<BenchResult.ReferenceRun> references = new ArrayList<>();
        List<BenchResult.PipelineRun> runs = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            if (reference != null) {
                Path dir = settings.out().resolve("runs").resolve("round-" + round + "-reference");
                LOG.info("round {}/{}: PyTorch reference, {} frames on {} thread(s)", round, settings.rounds(),
                        spec.frames(), reference.threads());
                ReferenceResult r = reference.run(clip.sourceImage(), frames, dir, spec.frames());
                LOG.info("round {}: reference {} frames/s", round, String.format("%.3f", r.framesPerSecond()));
                references.add(new BenchResult.ReferenceRun(round, r, dir));
            }
            for (int instances : settings.instances()) {
                runs.add(pipelineRun(round, instances, bundle, clip));
            }
        }
        return new BenchResult(settings, bundle.id(), bundle.dir(), weights, spec, references, runs, null, null, notes);
    }

    private boolean needsPython() {
        return settings.reference() && !settings.soak() || settings.bundle() == null;
    }

    private BenchResult.PipelineRun pipelineRun(int round, int instances, BundleCheck.Checked bundle, Clip clip)
            throws IOException, InterruptedException {
        int threads = settings.threadsFor(instances);
        Path dir = settings.out().resolve("runs").resolve("round-" + round + "-pipeline-" + instances + "x");
        LOG.info("round {}/{}: pipeline with {} instance(s) per model stage, {} intra-op thread(s) each", round,
                settings.rounds(), instances, threads);
        RunResult result = runPipeline("Round " + round + ": pipeline, " + instances + " instance(s) per model stage",
                bundle, clip, instances, threads, settings.jobsPerRun(), dir);
        LOG.info("round {}: pipeline ({}x) {} frames/s", round, instances,
                String.format("%.3f", result.framesPerSecond()));
        return new BenchResult.PipelineRun(round, instances, threads, result, dir);
    }

    private RunResult runPipeline(String title, BundleCheck.Checked bundle, Clip clip, int instances, int threads,
                                  int jobs, Path dir) throws IOException, InterruptedException {
        EmbeddedTarget.Options options = new EmbeddedTarget.Options(bundle.dir(), settings.partitions(), instances,
                threads, settings.configFile(), null, settings.stageSettings());
        Duration limit = Duration.ofMinutes(10).plusSeconds(10L * clip.spec().frames() * jobs);
        LoadPlan plan = new LoadPlan(jobs, 0, limit, null);
        LoadRun.Observation observation = new LoadRun.Observation(Duration.ofMillis(500),
                settings.jfr() ? dir.resolve("recording.jfr") : null);
        try (EmbeddedTarget target = EmbeddedTarget.start(options)) {
            RunResult result = LoadRun.execute(title, target, plan, clip, observation, target.startupMillis());
            RunReport.write(dir, result);
            return result;
        }
    }

    private BenchResult soak(BundleCheck.Checked bundle, List<String> notes) throws IOException, InterruptedException {
        ClipSpec spec = new ClipSpec(CLIP_SIZE, settings.soakFrames(), CLIP_FPS, false);
        Clip clip = ClipMaker.make(settings.cacheDir().resolve("clips"), spec);
        int instances = settings.soakInstances();
        Path dir = settings.out().resolve("soak");
        LOG.info("memory soak: one job of {} frames, {} instance(s) per model stage", spec.frames(), instances);
        RunResult result = runPipeline("Memory soak: one job of " + spec.frames() + " frames", bundle, clip,
                instances, settings.threadsFor(instances), 1, dir);
        return new BenchResult(settings, bundle.id(), bundle.dir(), null, spec, List.of(), List.of(), result, dir, notes);
    }

    /** The reference must use the bundle's weights: a random-weight bundle names its preset and seed. */
    private static String referenceWeights(BundleCheck.Checked bundle) {
        if (!bundle.randomWeights()) {
            throw new IllegalArgumentException("bundle " + bundle.dir() + " holds exported checkpoint weights; the"
                    + " benchmark's reference run needs the same weights and only reproduces random-weight bundles"
                    + " (made with export --random). Use such a bundle or --no-reference");
        }
        return "--random --preset " + preset(bundle) + " --seed " + seed(bundle);
    }

    private static String preset(BundleCheck.Checked bundle) {
        Object preset = madeBy(bundle).get("preset");
        if (preset == null) {
            throw new IllegalArgumentException("bundle " + bundle.dir() + " does not name its preset in manifest.json"
                    + " made_by; cannot run the reference with the same weights (use --no-reference)");
        }
        return preset.toString();
    }

    private static int seed(BundleCheck.Checked bundle) {
        Object seed = madeBy(bundle).get("seed");
        if (!(seed instanceof Number n)) {
            throw new IllegalArgumentException("bundle " + bundle.dir() + " does not name its seed in manifest.json"
                    + " made_by; cannot run the reference with the same weights (use --no-reference)");
        }
        return n.intValue();
    }

    private static Map<String, Object> madeBy(BundleCheck.Checked bundle) {
        return bundle.bundle().manifest().madeBy();
    }
}
