package org.daganstream.cli.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.Failures;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.embedded.EmbeddedStack;
import org.daganstream.embedded.ProjectTopics;
import org.daganstream.embedded.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in this JVM: an embedded Kafka broker and S3 server ({@link EmbeddedStack}) with every project
 * topic, and the chosen stage services talking to them through real topics and a real bucket. Closing stops the
 * stages (upstream first), then the broker and the S3 server.
 *
 * <p>Configuration of the stages, later wins: embedded defaults (work folders under {@code workDir}, the bundle,
 * fast progress reports) &lt; the user's properties file &lt; {@code DAGAN_*} environment &lt; the embedded
 * endpoints and {@code http.port=0} (every stage serves its health/metrics on a free port).
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);

    /**
     * @param workDir     folder for the broker's logs, the objects, Streams state and scratch files
     * @param bundleDir   the model bundle every model stage loads
     * @param partitions  partitions of every topic
     * @param configFile  the user's properties file, or null (then {@code DAGAN_CONFIG} if set)
     * @param environment environment variables ({@code DAGAN_*} ones are read)
     */
    public record Settings(Path workDir, Path bundleDir, int partitions, Path configFile,
                           Map<String, String> environment) {
    }

    private final EmbeddedStack stack;
    private final DaganConfig config;
    private final RunningStages stages = new RunningStages();

    private EmbeddedPipeline(EmbeddedStack stack, DaganConfig config) {
        this.stack = stack;
        this.config = config;
    }

    /** Starts the broker, the S3 server and {@code stages}; on failure whatever started is stopped again. */
    public static EmbeddedPipeline start(Settings settings, List<Stage> stages) {
        EmbeddedStack stack = startStack(settings);
        EmbeddedPipeline pipeline;
        try {
            pipeline = new EmbeddedPipeline(stack, config(settings, stack));
        } catch (RuntimeException e) {
            stack.close();
            throw Failures.classify(e);
        }
        try {
            pipeline.startStages(stages);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private static EmbeddedStack startStack(Settings settings) {
        EmbeddedStack.Builder builder = EmbeddedStack.builder().dataDir(settings.workDir().resolve("stack"));
        for (TopicSpec spec : ProjectTopics.specs(settings.partitions())) {
            builder.topic(spec);
        }
        try {
            EmbeddedStack stack = builder.start();
            LOG.info("embedded Kafka {} and S3 {} started in {} ms", stack.bootstrapServers(), stack.s3Endpoint(),
                    stack.startupTime().toMillis());
            return stack;
        } catch (RuntimeException e) {
            throw CliFailure.infra("the embedded Kafka broker / S3 server did not start: " + Failures.message(e), e);
        }
    }

    static DaganConfig config(Settings settings, EmbeddedStack stack) {
        Path work = settings.workDir();
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("model.bundle.dir", settings.bundleDir().toString());
        defaults.put("topics.partitions", Integer.toString(settings.partitions()));
        defaults.put("metrics.instance", "embedded");
        defaults.put("ingest.work.dir", work.resolve("ingest").toString());
        defaults.put("assembler.work.dir", work.resolve("assembler").toString());
        defaults.put("assembler.state.dir", work.resolve("state").resolve("assembler").toString());
        defaults.put("motion.state.dir", work.resolve("state").resolve("motion").toString());
        // One user watches one job: report every frame, and notice a stuck job within a minute.
        defaults.put("assembler.progress.every.frames", "1");
        defaults.put("assembler.progress.interval", "250ms");
        defaults.put("assembler.stall.timeout", "60s");
        Map<String, String> forced = new LinkedHashMap<>(stack.clientProperties());
        forced.put("http.port", "0");
        return DaganConfig.builder()
                .defaults(defaults)
                .file(settings.configFile())
                .env(settings.environment())
                .overrides(forced)
                .build();
    }

    /** Starts more stages (downstream-first); used to bring a pipeline up in steps. */
    public void startStages(List<Stage> more) {
        stages.startAll(more, stage -> StageConfigs.forStage(config, stage));
    }

    /** Client configuration for the embedded broker and S3 server (what the stages use). */
    public DaganConfig config() {
        return config;
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public List<Stage> runningStages() {
        return stages.stages();
    }

    /** Stops the stages (upstream first), then the broker and the S3 server; idempotent. */
    @Override
    public void close() {
        stages.close();
        try {
            stack.close();
        } catch (RuntimeException e) {
            LOG.warn("embedded stack did not stop cleanly: {}", e.getMessage());
        }
    }
}
