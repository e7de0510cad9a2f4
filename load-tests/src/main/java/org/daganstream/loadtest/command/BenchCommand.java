package org.daganstream.loadtest.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.daganstream.cli.ExitCode;
import org.daganstream.cli.FfmpegLogging;
import org.daganstream.cli.bundle.Installation;
import org.daganstream.loadtest.bench.BenchResult;
import org.daganstream.loadtest.bench.BenchRunner;
import org.daganstream.loadtest.bench.BenchSettings;
import org.daganstream.loadtest.report.BenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dagan-load bench}: the side-by-side benchmark against the PyTorch reference, or the memory soak. */
@Command(name = "bench", sortOptions = false,
        header = "Pipeline vs PyTorch reference on one clip, alternating rounds; or the memory soak.",
        description = {"Makes (or reuses, under --cache) a full-size random-weight DepthAwareGenerator bundle with the"
                + " models toolchain and a 100-frame 256x256 synthetic clip, then alternates runs of the PyTorch"
                + " reference runner and of the embedded pipeline with 1 and 2 instances per model stage, and writes"
                + " bench-report.md (medians of frames/s, the ratio, the targets and a profile) with charts.",
            "--soak runs only the memory soak: one job of --soak-frames frames, memory sampled throughout.",
            "--smoke: the tiny bundle, 2 jobs x 3 frames, 1 round, no reference: a few seconds of checking that the"
                + " whole benchmark still works (the test suite runs it)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder (default: <checkout>/load-tests/target/bench-report, or bench-smoke,"
                    + " bench-soak).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where the bundle, the clip and its frames are kept between runs (default:"
                    + " <checkout>/load-tests/target/bench-cache).")
    Path cache;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Alternating rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "100",
            description = "Frames of the benchmark clip (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Jobs per pipeline run, all submitted at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--instances", paramLabel = "LIST", split = ",", defaultValue = "1,2",
            description = "Instances per model stage to run the pipeline with (default: ${DEFAULT-VALUE}).")
    List<Integer> instances = new ArrayList<>();

    @Option(names = "--intra-op-threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime threads per session; 0 = CPUs / instances (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Use this bundle instead of making the full random-weight one.")
    Path bundle;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the random-weight bundle (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--no-reference", negatable = true, defaultValue = "true",
            description = "Skip the PyTorch reference runs.")
    boolean reference;

    @Option(names = "--reference-threads", paramLabel = "N", defaultValue = "2",
            description = "torch threads of the reference (default: ${DEFAULT-VALUE}).")
    int referenceThreads;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions per topic of the embedded broker (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Stage settings for the pipeline runs.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A stage setting (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--soak", description = "Run only the memory soak (one long job).")
    boolean soak;

    @Option(names = "--soak-frames", paramLabel = "N", defaultValue = "1000",
            description = "Frames of the soak job (default: ${DEFAULT-VALUE}).")
    int soakFrames;

    @Option(names = "--soak-instances", paramLabel = "N", defaultValue = "1",
            description = "Instances per model stage in the soak (default: ${DEFAULT-VALUE}).")
    int soakInstances;

    @Option(names = "--smoke", description = "Quick check: tiny bundle, 2 jobs x 3 frames, 1 round, no reference.")
    boolean smoke;

    @Option(names = "--jfr", description = "Record every pipeline run with Java Flight Recorder.")
    boolean jfr;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "/usr/bin/python3",
            description = "Python with torch for the models toolchain (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "The models/ folder (default: <checkout>/models).")
    Path modelsDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FfmpegLogging.configure(false);
        BenchSettings settings = settings();
        BenchResult result = new BenchRunner(settings).run();
        Path report = BenchReport.write(result, commandLine());
        PrintWriter console = spec.commandLine().getOut();
        if (result.soak() != null) {
            console.printf("soak: %d frames, %.3f frames/s%n", result.soak().framesDone(), result.soak().framesPerSecond());
        } else {
            result.medianReferenceFps().ifPresent(f -> console.printf("reference: %.3f frames/s (median)%n", f));
            for (int i : settings.instances()) {
                int n = i;
                result.medianPipelineFps(i).ifPresent(f -> console.printf("pipeline %dx: %.3f frames/s (median)%s%n", n,
                        f, result.medianReferenceFps().isPresent()
                                ? String.format(" = %.2fx the reference", f / result.medianReferenceFps().getAsDouble())
                                : ""));
            }
        }
        console.println("report: " + report);
        console.flush();
        boolean allOk = result.pipelineRuns().stream().allMatch(r -> r.result().succeeded().size()
                == r.result().jobs().size()) && (result.soak() == null || !result.soak().succeeded().isEmpty());
        return allOk ? ExitCode.OK : ExitCode.JOB_FAILED;
    }

    BenchSettings settings() {
        Path home = Installation.home().orElse(Path.of("").toAbsolutePath());
        Path cacheDir = cache != null ? cache : home.resolve("load-tests").resolve("target").resolve("bench-cache");
        Path models = modelsDir != null ? modelsDir : home.resolve("models");
        Path outDir = (out != null ? out : home.resolve("load-tests").resolve("target")
                .resolve(smoke ? "bench-smoke" : soak ? "bench-soak" : "bench-report")).toAbsolutePath().normalize();
        if (smoke) {
            Path tiny = bundle != null ? bundle : Installation.shippedBundle().orElseThrow(() ->
                    new IllegalArgumentException("--smoke needs the tiny bundle (models/fixtures/tiny): run from the"
                            + " checkout or pass --bundle"));
            return new BenchSettings(outDir, cacheDir, tiny, "tiny", seed, 3, 2, 1, List.of(1, 2), intraOpThreads,
                    false, referenceThreads, partitions, configFile, settings, 0, soakInstances, jfr, python, models,
                    "smoke benchmark");
        }
        return new BenchSettings(outDir, cacheDir, bundle, "full", seed, frames, jobs, rounds, instances,
                intraOpThreads, reference, referenceThreads, partitions, configFile, settings, soak ? soakFrames : 0,
                soakInstances, jfr, python, models, soak ? "memory soak" : "benchmark");
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return ("load-tests/bench " + String.join(" ", args.subList(1, args.size()))).strip();
    }
}
