package org.daganstream.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.http.HealthCheck;
import org.daganstream.common.http.ServiceHttp;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.common.kafka.TopicAdmin;
import org.daganstream.common.metrics.Metrics;
import org.daganstream.common.service.BoundedExecutors;
import org.daganstream.common.service.Resources;
import org.daganstream.ingest.job.JobProcessor;
import org.daganstream.ingest.kafka.JobConsumerLoop;
import org.daganstream.ingest.kafka.OutcomePublisher;
import org.daganstream.ingest.kafka.StatusPublisher;
import org.daganstream.schema.AvroTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service's lifecycle, separate from {@link IngestMain} so the CLI's embedded mode can run it
 * in-process: {@link #start(DaganConfig)} wires blob store, Kafka clients, the consume loop and the HTTP endpoints
 * ({@code /health/live}, {@code /health/ready}, {@code /metrics}); {@link #close()} shuts down gracefully.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(15);

    private final Resources resources = new Resources(IngestSettings.STAGE);
    private final IngestSettings settings;
    private JobConsumerLoop loop;
    private ServiceHttp http;
    private IngestMetrics ingestMetrics;
    private volatile boolean closed;

    private IngestService(IngestSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts the service; on failure everything started so far is closed again.
     *
     * @throws org.daganstream.common.config.ConfigException on bad configuration, naming the key
     */
    public static IngestService start(DaganConfig config) {
        IngestService service = new IngestService(IngestSettings.fromConfig(config));
        try {
            service.startParts(config);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void startParts(DaganConfig config) {
        LOG.info("starting ingest: {}", config.describe());
        AvroTrust.install();
        FfmpegLogLevel.apply(config.get("ingest.ffmpeg.log.level", "error"));
        Metrics metrics = resources.track(Metrics.create(IngestSettings.STAGE, config));
        ingestMetrics = new IngestMetrics(metrics.registry());
        BlobStore blobs = resources.track(BlobStore.fromConfig(config));
        if (settings.ensureTopics()) {
            TopicAdmin.ensureTopics(config, TopicAdmin.pipelineTopics(config));
        }

        ExecutorService uploads = resources.trackPool(
                boundedPool("ingest-upload", settings.concurrency() * settings.uploadParallelism()));
        StatusPublisher status = resources.track(new StatusPublisher(new KafkaProducer<>(
                KafkaClients.producerProperties(config, "dagan-ingest-status"), new StringSerializer(),
                new ByteArraySerializer()), settings.statusTopic(), STATUS_TIMEOUT, Clock.systemUTC()));
        JobProcessor processor = new JobProcessor(blobs, new JobProcessor.Settings(settings.limits(), settings.workDir(),
                settings.uploadParallelism(), settings.modelBundleId(), settings.jobAttempts(), settings.jobBackoff()),
                uploads, ingestMetrics, status);
        OutcomePublisher publisher = new OutcomePublisher(() -> transactionalProducer(config), settings, Clock.systemUTC());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(config),
                new StringDeserializer(), new ByteArrayDeserializer());
        loop = new JobConsumerLoop(consumer, publisher, processor,
                boundedPool("ingest-job", settings.concurrency()), settings, ingestMetrics).start();
        resources.track(loop);

        Vertx vertx = Vertx.vertx();
        resources.track(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        http = resources.track(ServiceHttp.builder(vertx, config)
                .metrics(metrics.registry())
                .liveness("consume-loop", () -> loop.isAlive() ? HealthCheck.Result.up()
                        : HealthCheck.Result.down(loop.crash() == null ? "stopped" : "crashed: " + loop.crash()))
                .readiness("kafka", () -> loop.isReady() ? HealthCheck.Result.up()
                        : HealthCheck.Result.down("consumer has not reached the broker yet"))
                .readiness("s3", () -> {
                    blobs.exists("health/ingest-probe");
                    return HealthCheck.Result.up(blobs.bucket());
                })
                .startAndWait(Duration.ofSeconds(30)));
        LOG.info("ingest started: consuming {} with {} job slot(s), HTTP port {}, model bundle {}",
                settings.jobsTopic(), settings.concurrency(), http.port(), settings.modelBundleId());
    }

    /** Consumer defaults for long jobs: few records per poll, cooperative rebalancing; {@code kafka.*} overrides. */
    private Map<String, Object> consumerProperties(DaganConfig config) {
        Map<String, Object> props = KafkaClients.consumerProperties(config, settings.groupId(), "dagan-ingest");
        if (!config.has("kafka.consumer.max.poll.records") && !config.has("kafka.max.poll.records")) {
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.concurrency()));
        }
        if (!config.has("kafka.consumer.partition.assignment.strategy")
                && !config.has("kafka.partition.assignment.strategy")) {
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        return props;
    }

    private KafkaProducer<String, byte[]> transactionalProducer(DaganConfig config) {
        Map<String, Object> props = KafkaClients.producerProperties(config, "dagan-ingest-outcome");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The HTTP port actually bound (useful with {@code http.port=0}). */
    public int httpPort() {
        return http.port();
    }

    public IngestSettings settings() {
        return settings;
    }

    public IngestMetrics metrics() {
        return ingestMetrics;
    }

    /** True while the consume loop runs and has reached the broker. */
    public boolean isReady() {
        return loop != null && loop.isReady();
    }

    /** Stops polling, finishes and commits the jobs in hand (bounded), then closes everything, newest first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        resources.close();
        LOG.info("ingest stopped");
    }

    /**
     * Callers are already bounded (job slots, upload parallelism), so a full queue means a bug, not load: it is
     * rejected with a RejectedExecutionException rather than queued without limit.
     */
    private static ExecutorService boundedPool(String name, int threads) {
        return BoundedExecutors.fixed(name, threads, Math.max(16, threads * 4));
    }
}
