package org.daganstream.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.FfmpegLogging;
import org.daganstream.cli.options.ConfigOption;
import org.daganstream.cli.options.VerboseOption;
import org.daganstream.cli.pipeline.RunningStages;
import org.daganstream.cli.pipeline.ShutdownGuard;
import org.daganstream.cli.pipeline.Stage;
import org.daganstream.cli.pipeline.StageConfigs;
import org.daganstream.common.config.DaganConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dagan serve --stages ...}: runs chosen stages against an external Kafka and S3 until stopped. */
@Command(name = "serve",
        header = "Run chosen stages against an external Kafka and S3.",
        sortOptions = false,
        description = {"Run the chosen stages in this process against the Kafka cluster and S3 store named by the"
                + " configuration (--config FILE or $DAGAN_CONFIG, then DAGAN_* variables), until SIGTERM/Ctrl-C.",
            "Every stage reads the shared keys; keys under stage.<name>. apply to one stage only (e.g."
                + " stage.generator.inference.intra.op.threads=2). Each stage serves /health/live, /health/ready and"
                + " /metrics: with several stages and http.port=P (default 8080) the stages get ports P, P+1, ...,"
                + " in pipeline order, unless stage.<name>.http.port is set."})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--stages", paramLabel = "LIST", defaultValue = "all",
            description = "Comma-separated stages: ingest, depth, keypoint, motion, generator, assembler, or all"
                    + " (default: ${DEFAULT-VALUE}).")
    String stages;

    @Option(names = "--exit-after", paramLabel = "DURATION",
            description = "Stop by itself after this long (smoke tests, batch windows). Default: run until stopped.")
    Duration exitAfter;

    @Mixin
    ConfigOption config;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the shutdown guard only needs to exist while the stages run
    public Integer call() throws InterruptedException {
        FfmpegLogging.configure(verbose.verbose());
        List<Stage> chosen;
        try {
            chosen = Stage.parseList(stages);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--stages: " + e.getMessage());
        }
        DaganConfig shared = config.load(Map.of());
        List<DaganConfig> perStage = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            perStage.add(stageConfig(shared, chosen.get(i), i, chosen.size()));
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        RunningStages running = new RunningStages();
        try (ShutdownGuard guard = new ShutdownGuard("dagan-serve-stop", () -> {
            running.close();
            stop.countDown();
        })) {
            running.startAll(chosen, stage -> perStage.get(chosen.indexOf(stage)));
            for (int i = 0; i < chosen.size(); i++) {
                out.println("serving " + chosen.get(i).id() + " (health and metrics on port "
                        + perStage.get(i).get("http.port", "8080") + ")");
            }
            out.println("stop with Ctrl-C or SIGTERM");
            out.flush();
            if (exitAfter == null) {
                stop.await();
            } else if (!stop.await(exitAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                out.println("--exit-after " + exitAfter + " reached; stopping");
                out.flush();
            }
        } finally {
            running.close();
        }
        return ExitCode.OK;
    }

    /** The stage's config: shared keys, its {@code stage.<id>.*} keys, and its own health port when sharing. */
    static DaganConfig stageConfig(DaganConfig shared, Stage stage, int position, int count) {
        DaganConfig own = StageConfigs.forStage(shared, stage);
        boolean portGiven = shared.has(StageConfigs.prefix(stage) + "http.port");
        int base = shared.getInt("http.port", 8080, 0, 65535);
        if (count > 1 && !portGiven && base != 0) {
            if (base + position > 65535) {
                throw CliFailure.usage("http.port " + base + " leaves no room for " + count + " stages");
            }
            own = own.with("http.port", Integer.toString(base + position));
        }
        return own;
    }
}
