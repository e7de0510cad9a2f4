package org.daganstream.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.http.HealthCheck;
import org.daganstream.common.http.ServiceHttp;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.common.kafka.TopicAdmin;
import org.daganstream.common.metrics.Metrics;
import org.daganstream.common.service.Resources;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.inference.ModelBundle;
import org.daganstream.schema.AvroTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running model stage: the lifecycle object a {@code main} or an embedded run starts and closes.
 *
 * <pre>{@code
 * try (StageWorker worker = StageWorker.start(config, DepthWorker.STAGE)) {
 *     worker.terminated().join();
 * }
 * }</pre>
 *
 * <p>{@link #start} serves {@code /health/live}, {@code /health/ready} and {@code /metrics} first (port
 * {@code http.port}), then verifies the model bundle ({@code model.bundle.dir}), builds the processor and warms it
 * up, and only then starts consuming. Readiness turns up once the model is warm and the consumer polls. {@link #close}
 * stops polling, finishes and commits the frames in hand, and closes the clients, sessions and server.
 */
public final class StageWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StageWorker.class);
    private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

    private final StageDefinition stage;
    private final WorkerSettings settings;
    private final Metrics metrics;
    private final WorkerMetrics workerMetrics;
    private final Vertx vertx;
    private final boolean ownVertx;
    private final Resources resources;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ServiceHttp http;
    private volatile ModelBundle bundle;
    private volatile boolean modelReady;
    private volatile StageRuntime runtime;
    private volatile String deploymentId;

    private StageWorker(StageDefinition stage, WorkerSettings settings, Metrics metrics, Vertx vertx, boolean ownVertx) {
        this.stage = stage;
        this.settings = settings;
        this.metrics = metrics;
        this.workerMetrics = new WorkerMetrics(metrics.registry(), stage.name());
        this.vertx = vertx;
        this.ownVertx = ownVertx;
        this.resources = new Resources(stage.name());
    }

    /** Starts {@code stage} with its own Vert.x instance (closed with the worker). */
    public static StageWorker start(DaganConfig config, StageDefinition stage) {
        return start(config, stage, null);
    }

    /**
     * Starts {@code stage}; with a non-null {@code vertx} (an embedded run sharing one instance) the HTTP server and
     * the stage verticle are deployed there and the instance is left open on close.
     */
    public static StageWorker start(DaganConfig config, StageDefinition stage, Vertx vertx) {
        AvroTrust.install();
        WorkerSettings settings = WorkerSettings.from(config, stage);
        Metrics metrics = Metrics.create(stage.serviceName(), config);
        boolean own = vertx == null;
        Vertx v = own ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4)) : vertx;
        StageWorker worker = new StageWorker(stage, settings, metrics, v, own);
        try {
            worker.boot(config);
            return worker;
        } catch (RuntimeException | Error e) {
            try {
                worker.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void boot(DaganConfig config) {
        http = ServiceHttp.builder(vertx, config).metrics(metrics.registry())
                .readiness("model", () -> modelReady ? HealthCheck.Result.up(bundle.id())
                        : HealthCheck.Result.down("verifying and warming up the model bundle"))
                .readiness("consumer", this::consumerReadiness)
                .liveness("stage-loop", this::liveness)
                .start().await();

        bundle = ModelBundle.open(settings.bundleDir());
        LOG.info("{}: model bundle {} verified ({} graphs, {} keypoints, image {})", stage.name(), bundle.id(),
                bundle.manifest().graphs().size(), bundle.manifest().numKp(), bundle.manifest().imageSize());
        BlobStore blobs = resources.track(BlobStore.fromConfig(config));
        StageProcessor<?, ?> processor = resources.track(stage.processors().apply(new StageContext(stage.name(), config,
                bundle, InferenceOptions.from(config), blobs, metrics.registry())));
        processor.warmUp();
        modelReady = true;

        if (settings.ensureTopics()) {
            TopicAdmin.ensureTopics(config, TopicAdmin.pipelineTopics(config));
        }
        String clientId = stage.serviceName() + "-" + metrics.instance() + "-" + CLIENT_SEQUENCE.incrementAndGet();
        KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, clientId);
        KafkaConsumer<String, byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(config, clientId), new StringDeserializer(),
                    new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        try {
            StageRuntime created = StageRuntime.create(settings, processor, bundle.id(), producer, consumer,
                    workerMetrics);
            deploymentId = vertx.deployVerticle(new StageVerticle(created)).await();
            runtime = created;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            producer.close(Duration.ZERO);
            throw e;
        }
        LOG.info("{}: started (HTTP port {})", stage.serviceName(), http.port());
    }

    /** Caps one poll at the frames the stage may hold, unless {@code max.poll.records} is configured. */
    private Map<String, Object> consumerProperties(DaganConfig config, String clientId) {
        Map<String, Object> props = KafkaClients.consumerProperties(config, settings.groupId(), clientId);
        if (!config.has(KafkaClients.PREFIX + ConsumerConfig.MAX_POLL_RECORDS_CONFIG)
                && !config.has(KafkaClients.PREFIX + "consumer." + ConsumerConfig.MAX_POLL_RECORDS_CONFIG)) {
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.queueCapacity()));
        }
        return props;
    }

    private HealthCheck.Result consumerReadiness() {
        StageRuntime r = runtime;
        if (r == null) {
            return HealthCheck.Result.down("not consuming yet");
        }
        return r.isPolling() ? HealthCheck.Result.up(r.assignedPartitions() + " partition(s) of " + settings.inputTopic())
                : HealthCheck.Result.down("consume loop is not polling");
    }

    private HealthCheck.Result liveness() {
        StageRuntime r = runtime;
        if (r == null || closed.get()) {
            return HealthCheck.Result.up(r == null ? "starting" : "stopping");
        }
        if (r.isAlive()) {
            return HealthCheck.Result.up(r.inFlight() + " frame(s) in hand");
        }
        Throwable failure = r.stopped().isCompletedExceptionally() ? r.stopped().handle((v, t) -> t).join() : null;
        return HealthCheck.Result.down(failure == null ? "consume loop stuck or stopped" : "consume loop failed: " + failure);
    }

    public StageDefinition stage() {
        return stage;
    }

    public WorkerSettings settings() {
        return settings;
    }

    /** The verified bundle's id. */
    public String bundleId() {
        return bundle.id();
    }

    /** The bound HTTP port (the real one when {@code http.port=0}). */
    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return metrics.registry();
    }

    public WorkerMetrics metrics() {
        return workerMetrics;
    }

    /** The same answer as {@code /health/ready}, without HTTP. */
    public boolean isReady() {
        StageRuntime r = runtime;
        return modelReady && r != null && r.isPolling();
    }

    /** Completes when the stage stops consuming: after {@link #close}, or exceptionally when its loop failed. */
    public CompletableFuture<Void> terminated() {
        StageRuntime r = runtime;
        return r == null ? CompletableFuture.completedFuture(null) : r.stopped();
    }

    /** Stops polling, finishes and commits the frames in hand, closes everything. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        String id = deploymentId;
        if (id != null) {
            long wait = settings.shutdownTimeout().plus(settings.revokeTimeout()).plusSeconds(30).toMillis();
            try {
                vertx.undeploy(id).await(wait, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Already undeployed when the shared Vert.x instance was closed first.
                LOG.debug("{}: undeploy: {}", stage.name(), e.toString());
            }
        }
        resources.close();
        ServiceHttp h = http;
        if (h != null) {
            try {
                h.stop().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("{}: stopping HTTP: {}", stage.name(), e.toString());
            }
        }
        if (ownVertx) {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("{}: closing Vert.x: {}", stage.name(), e.toString());
            }
        }
        metrics.close();
        LOG.info("{}: stopped", stage.serviceName());
    }
}
