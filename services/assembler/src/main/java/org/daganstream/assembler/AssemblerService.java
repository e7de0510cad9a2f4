package org.daganstream.assembler;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.daganstream.assembler.mux.KafkaResultPublisher;
import org.daganstream.assembler.mux.MuxCoordinator;
import org.daganstream.assembler.mux.Muxer;
import org.daganstream.assembler.tracking.AssemblerTopology;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.JobStatus;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.http.HealthCheck;
import org.daganstream.common.http.ServiceHttp;
import org.daganstream.common.kafka.AvroSerde;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.common.kafka.TopicAdmin;
import org.daganstream.common.kafka.TopicSpec;
import org.daganstream.common.metrics.Metrics;
import org.daganstream.common.service.Resources;
import org.daganstream.schema.AvroTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.vertx.core.Vertx;

/**
 * The running assembler: the Kafka Streams job tracker, the mux pool with its result producer, the blob store and
 * the HTTP endpoints ({@code /health/live}, {@code /health/ready} = Streams RUNNING, {@code /metrics}). Started by
 * {@link AssemblerMain} or in-process by an embedding program; {@link #close()} stops polling, lets the Streams
 * threads commit, waits for muxes in progress (bounded) and releases everything.
 */
public final class AssemblerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssemblerService.class);

    private final KafkaStreams streams;
    private final ServiceHttp http;
    private final Resources resources;
    private volatile boolean closed;

    private AssemblerService(KafkaStreams streams, ServiceHttp http, Resources resources) {
        this.streams = streams;
        this.http = http;
        this.resources = resources;
    }

    /** Starts every part of the assembler from {@code config}; failures release what was already started. */
    public static AssemblerService start(DaganConfig config) {
        AvroTrust.install();
        AssemblerSettings settings = AssemblerSettings.fromConfig(config);
        LOG.info("starting assembler {} with configuration:\n{}", settings.applicationId(), config.describe());
        // Closed in reverse order of creation.
        Resources resources = new Resources("assembler");
        try {
            if (settings.ensureTopics()) {
                ensureTopics(config, settings);
            }
            Metrics metrics = resources.track(Metrics.create("assembler", config));
            AssemblerMetrics meters = new AssemblerMetrics(metrics.registry());
            BlobStore blobs = resources.track(BlobStore.fromConfig(config));
            KafkaResultPublisher publisher = resources.track(new KafkaResultPublisher(
                    KafkaClients.producer(config, settings.applicationId() + "-results"),
                    settings.topics().reenactments(),
                    config.getDuration("assembler.publish.timeout", Duration.ofSeconds(60))));
            Muxer muxer = new Muxer(blobs, settings.video(), settings.workDir());
            MuxCoordinator coordinator = resources.track(
                    new MuxCoordinator(muxer::mux, publisher, settings.mux(), meters, Clock.systemUTC()));

            Topology topology = AssemblerTopology.build(settings.topics(), settings.tracker(), coordinator, meters,
                    AvroSerde.forType(JobStatus.class), AvroSerde.forType(DeadLetterFrame.class), settings.partitions());
            KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config, settings));
            streams.setUncaughtExceptionHandler(error -> {
                LOG.error("assembler stream thread failed; shutting the Streams client down", error);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            // Closed before the coordinator and producer: stop consuming first, then let muxes in hand finish.
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(metrics.registry());
            resources.track(streamsMetrics);
            // Leaving the group on close hands the partitions to the other instances at once (rolling restarts).
            resources.track(() -> streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));

            Vertx vertx = Vertx.vertx();
            resources.track(() -> vertx.close().await());
            ServiceHttp http = ServiceHttp.builder(vertx, config)
                    .metrics(metrics.registry())
                    .readiness("kafka-streams", () -> readiness(streams))
                    .liveness("kafka-streams", () -> liveness(streams))
                    .start().await();
            resources.track(http);

            streams.start();
            LOG.info("assembler started: reading {}, {}, {}; HTTP on port {}", settings.topics().generated(),
                    settings.topics().manifests(), settings.topics().reenactments(), http.port());
            return new AssemblerService(streams, http, resources);
        } catch (RuntimeException | Error e) {
            resources.close();
            throw e;
        }
    }

    private static Properties streamsProperties(DaganConfig config, AssemblerSettings settings) {
        Properties props = new Properties();
        Map<String, Object> base = KafkaClients.streamsProperties(config, settings.applicationId());
        props.putAll(base);
        if (settings.stateDir() != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        }
        // The topology has no global stores; opting in now silences Kafka's forward-compatibility warning.
        props.putIfAbsent("processing.exception.handler.global.enabled", "true");
        return props;
    }

    private static void ensureTopics(DaganConfig config, AssemblerSettings settings) {
        Set<String> mine = Set.of(settings.topics().generated(), settings.topics().manifests(),
                settings.topics().reenactments(), settings.topics().status(), settings.topics().dlq());
        List<TopicSpec> specs = TopicAdmin.pipelineTopics(config).stream().filter(s -> mine.contains(s.name())).toList();
        TopicAdmin.ensureTopics(config, specs);
    }

    private static HealthCheck.Result readiness(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? HealthCheck.Result.up(state.name()) : HealthCheck.Result.down(state.name());
    }

    private static HealthCheck.Result liveness(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                ? HealthCheck.Result.down(state.name()) : HealthCheck.Result.up(state.name());
    }

    /** The Streams client's state (RUNNING once it owns its partitions). */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Blocks until the Streams client is RUNNING. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("assembler not RUNNING after " + timeout + " (state " + streams.state() + ")");
            }
            if (streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("assembler Streams client failed (state ERROR)");
            }
            Thread.sleep(50);
        }
    }

    /** The HTTP port actually bound (useful with {@code http.port=0}). */
    public int httpPort() {
        return http.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping assembler");
        resources.close();
        LOG.info("assembler stopped");
    }
}
