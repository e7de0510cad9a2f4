package org.daganstream.loadtest.target;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daganstream.cli.bundle.BundleCheck;
import org.daganstream.cli.pipeline.EmbeddedPipeline;
import org.daganstream.cli.pipeline.RunningStages;
import org.daganstream.cli.pipeline.Stage;
import org.daganstream.cli.pipeline.StageConfigs;
import org.daganstream.cli.pipeline.WorkDir;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.loadtest.metrics.MetricsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in this JVM through the CLI's embedded wiring ({@link EmbeddedPipeline}: broker, S3 server,
 * every stage), with each stage's health/metrics server on a known loopback port, and optionally more instances of
 * the model stages (depth, keypoint, generator) joining the same consumer groups.
 */
public final class EmbeddedTarget implements PipelineTarget {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTarget.class);

    private static final String STALL_TIMEOUT = "assembler.stall.timeout";
    private static final String LOAD_STALL_TIMEOUT = "30m";

    /** The stages that run ONNX models; these get extra instances. */
    public static final List<Stage> MODEL_STAGES = List.of(Stage.DEPTH, Stage.KEYPOINT, Stage.GENERATOR);

    /**
     * @param bundleDir      model bundle folder (null: the bundle shipped with the project)
     * @param partitions     partitions of every topic
     * @param instances      instances of each model stage (1..4)
     * @param intraOpThreads ONNX Runtime intra-op threads per session (0: the runtime's choice)
     * @param configFile     properties file with stage settings, or null
     * @param workDir        folder for the broker, objects and state (null: a temporary one, deleted on close)
     * @param settings       further configuration keys for every stage (e.g. {@code worker.batch.max.size})
     */
    public record Options(Path bundleDir, int partitions, int instances, int intraOpThreads, Path configFile,
                          Path workDir, Map<String, String> settings) {
        public Options {
            if (partitions < 1 || partitions > 64) {
                throw new IllegalArgumentException("partitions must be within 1..64, got " + partitions);
            }
            if (instances < 1 || instances > 4) {
                throw new IllegalArgumentException("instances per model stage must be within 1..4, got " + instances);
            }
            if (instances > partitions) {
                throw new IllegalArgumentException(instances + " instances per stage need at least as many partitions,"
                        + " got " + partitions);
            }
            if (intraOpThreads < 0 || intraOpThreads > 64) {
                throw new IllegalArgumentException("intra-op threads must be within 0..64, got " + intraOpThreads);
            }
            settings = Map.copyOf(settings);
        }
    }

    private final Options options;
    private final WorkDir work;
    private final EmbeddedPipeline pipeline;
    private final List<RunningStages> extraInstances;
    private final List<MetricsEndpoint> endpoints;
    private final String bundleId;
    private final long startupMillis;

    private EmbeddedTarget(Options options, WorkDir work, EmbeddedPipeline pipeline, List<RunningStages> extras,
                           List<MetricsEndpoint> endpoints, String bundleId, long startupMillis) {
        this.options = options;
        this.work = work;
        this.pipeline = pipeline;
        this.extraInstances = extras;
        this.endpoints = List.copyOf(endpoints);
        this.bundleId = bundleId;
        this.startupMillis = startupMillis;
    }

    /** Starts broker, S3 server and every stage; on failure whatever started is stopped again. */
    public static EmbeddedTarget start(Options options) {
        long t0 = System.nanoTime();
        BundleCheck.Checked bundle = BundleCheck.open(options.bundleDir());
        WorkDir work = WorkDir.of(options.workDir());
        List<MetricsEndpoint> endpoints = new ArrayList<>();
        Map<String, String> environment = new HashMap<>(System.getenv());
        // Everything listens on loopback only; each stage's metrics on a port chosen here so it can be scraped.
        environment.put(DaganConfig.envForKey("http.host"), "127.0.0.1");
        for (Stage stage : Stage.all()) {
            int port = LoopbackPorts.pick();
            environment.put(DaganConfig.envForKey(StageConfigs.prefix(stage) + "http.port"), Integer.toString(port));
            endpoints.add(endpoint(stage.id(), port));
        }
        if (options.intraOpThreads() > 0) {
            environment.put(DaganConfig.envForKey("inference.intra.op.threads"),
                    Integer.toString(options.intraOpThreads()));
        }
        options.settings().forEach((k, v) -> environment.put(DaganConfig.envForKey(k), v));
        // The CLI's one-user default (STALLED after 60 s without a new frame) would flag jobs that merely wait behind
        // others under load; keep it unless the user chose a value.
        if (!chosen(STALL_TIMEOUT, options, environment)) {
            environment.put(DaganConfig.envForKey(STALL_TIMEOUT), LOAD_STALL_TIMEOUT);
        }

        EmbeddedPipeline pipeline = null;
        List<RunningStages> extras = new ArrayList<>();
        try {
            pipeline = EmbeddedPipeline.start(new EmbeddedPipeline.Settings(work.path(), bundle.dir(),
                    options.partitions(), options.configFile(), environment), Stage.all());
            for (int k = 2; k <= options.instances(); k++) {
                extras.add(startInstance(pipeline.config(), k, endpoints));
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("embedded system up in {} ms: {} instance(s) per model stage, bundle {}", millis,
                    options.instances(), bundle.id());
            return new EmbeddedTarget(options, work, pipeline, extras, endpoints, bundle.id(), millis);
        } catch (RuntimeException e) {
            closeAll(extras, pipeline, work);
            throw e;
        }
    }

    /** Whether {@code key} is set by --set, a {@code DAGAN_*} variable or the properties file (given or DAGAN_CONFIG). */
    private static boolean chosen(String key, Options options, Map<String, String> environment) {
        return options.settings().containsKey(key)
                || DaganConfig.builder().file(options.configFile()).env(environment).build().has(key);
    }

    /** Instance {@code k} of every model stage, in the same consumer groups as the first. */
    private static RunningStages startInstance(DaganConfig shared, int k, List<MetricsEndpoint> endpoints) {
        Map<Stage, Integer> ports = new HashMap<>();
        for (Stage stage : MODEL_STAGES) {
            ports.put(stage, LoopbackPorts.pick());
        }
        RunningStages running = new RunningStages();
        running.startAll(MODEL_STAGES, stage -> StageConfigs.forStage(shared, stage)
                .with("http.port", Integer.toString(ports.get(stage)))
                .with("metrics.instance", "embedded-" + k));
        for (Stage stage : MODEL_STAGES) {
            endpoints.add(endpoint(stage.id() + "#" + k, ports.get(stage)));
        }
        return running;
    }

    private static MetricsEndpoint endpoint(String name, int port) {
        return new MetricsEndpoint(name, URI.create("http://127.0.0.1:" + port + "/metrics"));
    }

    @Override
    public String describe() {
        return "embedded (one JVM): Kafka " + pipeline.stack().bootstrapServers() + ", S3 " + pipeline.stack().s3Endpoint()
                + ", " + Stage.all().size() + " stages, " + options.instances() + " instance(s) per model stage, "
                + options.partitions() + " partitions, intra-op threads "
                + (options.intraOpThreads() == 0 ? "ONNX Runtime default" : options.intraOpThreads());
    }

    @Override
    public DaganConfig config() {
        return pipeline.config();
    }

    @Override
    public List<MetricsEndpoint> metricsEndpoints() {
        return endpoints;
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public String bundleId() {
        return bundleId;
    }

    @Override
    public int expectedGroupMembers() {
        return Stage.all().size() + (options.instances() - 1) * MODEL_STAGES.size();
    }

    public Options options() {
        return options;
    }

    /** Time from {@link #start} to every stage up. */
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        closeAll(extraInstances, pipeline, work);
    }

    private static void closeAll(List<RunningStages> extras, EmbeddedPipeline pipeline, WorkDir work) {
        for (int i = extras.size() - 1; i >= 0; i--) {
            extras.get(i).close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        work.close();
    }
}
