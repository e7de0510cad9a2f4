package org.daganstream.loadtest.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.daganstream.cli.ExitCode;
import org.daganstream.cli.FfmpegLogging;
import org.daganstream.cli.bundle.Installation;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.inference.OrtRuntime;
import org.daganstream.loadtest.clip.Clip;
import org.daganstream.loadtest.clip.ClipMaker;
import org.daganstream.loadtest.load.LoadPlan;
import org.daganstream.loadtest.load.LoadRun;
import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.metrics.MetricsEndpoint;
import org.daganstream.loadtest.report.RunReport;
import org.daganstream.loadtest.target.EmbeddedTarget;
import org.daganstream.loadtest.target.ExternalTarget;
import org.daganstream.loadtest.target.PipelineTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dagan-load run}: N jobs at a rate against the embedded or a running system, then a report. */
@Command(name = "run", sortOptions = false,
        header = "Submit N jobs at a rate and report throughput, latency, lag and memory.",
        description = {"Generates a synthetic source face and driving clip, submits --jobs jobs at --rate per second"
                + " to the system (by default started in this process with every stage; --external: one already"
                + " running on this machine), follows dagan.jobs.status, dagan.frames.generated and"
                + " dagan.reenactments, samples consumer lag, memory, CPU and the stages' /metrics, and writes"
                + " report.md with PNG charts to --out.",
            "The run is bounded: at most 10000 jobs, 100 jobs/s, and --max-duration."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "4",
            description = "Jobs to submit (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--rate", paramLabel = "PER_S", defaultValue = "1",
            description = "Submissions per second; 0 submits all at once (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--max-duration", paramLabel = "DURATION", defaultValue = "30m",
            description = "Stop waiting for results after this long (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    @Mixin
    ClipOptions clip;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder (default: <checkout>/load-tests/target/load-report).")
    Path out;

    @Option(names = "--sample-interval", paramLabel = "DURATION", defaultValue = "500ms",
            description = "Memory and consumer lag sampling period (default: ${DEFAULT-VALUE}).")
    Duration sampleInterval;

    @Option(names = "--jfr", description = "Also record the run with Java Flight Recorder (recording.jfr).")
    boolean jfr;

    @Mixin
    EmbeddedOptions embedded;

    @ArgGroup(exclusive = false, heading = "%nAgainst a system already running on this machine:%n")
    External external;

    static final class External {
        @Option(names = "--external", required = true,
                description = "Do not start anything: use the Kafka and S3 named by --target-config / DAGAN_*.")
        boolean enabled;

        @Option(names = "--target-config", paramLabel = "FILE",
                description = "Properties file with kafka.bootstrap.servers and s3.* (else $DAGAN_CONFIG).")
        Path config;

        @Option(names = "--metrics", paramLabel = "[NAME=]URL",
                description = "A service's metrics endpoint, e.g. generator=http://127.0.0.1:8084/metrics (repeatable).")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--bundle-id", paramLabel = "ID",
                description = "Model bundle id for the jobs (default: the deployment's).")
        String bundleId;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FfmpegLogging.configure(false);
        LoadPlan plan = new LoadPlan(jobs, rate, maxDuration, null);
        Path dir = (out != null ? out : Installation.home().orElse(Path.of("").toAbsolutePath())
                .resolve("load-tests").resolve("target").resolve("load-report")).toAbsolutePath().normalize();
        PrintWriter console = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        try (PipelineTarget target = target()) {
            Clip input = ClipMaker.make(dir.resolve("inputs"), clip.spec());
            long startup = target instanceof EmbeddedTarget e ? e.startupMillis() : 0;
            console.println("system: " + target.describe());
            console.flush();
            RunResult result = LoadRun.execute("Load run: " + jobs + " job(s) x " + clip.spec().frames() + " frames",
                    target, plan, input, new LoadRun.Observation(sampleInterval, jfr ? dir.resolve("recording.jfr") : null),
                    startup);
            Path report = RunReport.write(dir, result);
            console.printf("%d/%d job(s) succeeded, %d frames in %.1f s: %.3f frames/s%n", result.succeeded().size(),
                    jobs, result.framesDone(), result.wallSeconds(), result.framesPerSecond());
            console.println("report: " + report + " (" + (System.nanoTime() - t0) / 1_000_000_000 + " s in all)");
            console.flush();
            return result.succeeded().size() == jobs ? ExitCode.OK : ExitCode.JOB_FAILED;
        }
    }

    private PipelineTarget target() {
        if (external != null && external.enabled) {
            DaganConfig config = DaganConfig.load(Map.of(), external.config);
            List<MetricsEndpoint> endpoints = external.metrics.stream().map(MetricsEndpoint::parse).toList();
            return ExternalTarget.connect(config, endpoints, external.bundleId);
        }
        OrtRuntime.environment();
        return EmbeddedTarget.start(embedded.options());
    }
}
