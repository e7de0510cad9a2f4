package org.daganstream.motion;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.http.HealthCheck;
import org.daganstream.common.http.ServiceHttp;
import org.daganstream.common.kafka.TopicAdmin;
import org.daganstream.common.kafka.TopicSpec;
import org.daganstream.common.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running motion stage: the Kafka Streams application plus its HTTP endpoints ({@code /health/live},
 * {@code /health/ready} = Streams state RUNNING, {@code /metrics}). Used by {@link MotionMain} and, in-process, by
 * the embedded mode. {@link #close()} stops polling, commits the transaction in hand and releases everything.
 */
public final class MotionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MotionService.class);

    private final MotionConfig motionConfig;
    private final Metrics metrics;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ServiceHttp http;
    private final CloseOptions closeOptions;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private MotionService(MotionConfig motionConfig, Metrics metrics, KafkaStreams streams,
            KafkaStreamsMetrics streamsMetrics, Vertx vertx, boolean ownsVertx, ServiceHttp http,
            CloseOptions closeOptions) {
        this.motionConfig = motionConfig;
        this.metrics = metrics;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.http = http;
        this.closeOptions = closeOptions;
    }

    /** Starts the stage with its own Vert.x instance (closed with the service). */
    public static MotionService start(DaganConfig config) {
        return start(config, null);
    }

    /**
     * Starts the stage: checks the configuration, creates the pipeline topics it uses if missing (unless
     * {@code motion.topics.ensure=false}), starts Kafka Streams and the HTTP server. Returns once both are started;
     * readiness turns green when Streams reaches RUNNING.
     *
     * @param sharedVertx Vert.x instance to serve HTTP on (left open on close), or null to create one
     */
    public static MotionService start(DaganConfig config, Vertx sharedVertx) {
        MotionConfig motionConfig = MotionConfig.from(config);
        LOG.info("Starting motion stage: {} -> {} (dead letters {}), state TTL {}", motionConfig.inputTopic(),
                motionConfig.outputTopic(), motionConfig.deadLetterTopic(), motionConfig.stateTtl());
        if (config.getBoolean("motion.topics.ensure", true)) {
            ensureTopics(config, motionConfig);
        }

        Metrics metrics = Metrics.create(MotionStage.NAME, config);
        Vertx vertx = sharedVertx != null ? sharedVertx : Vertx.vertx();
        KafkaStreams streams = null;
        KafkaStreamsMetrics streamsMetrics = null;
        try {
            Topology topology = MotionTopology.build(motionConfig, new MotionMetrics(metrics.registry()));
            LOG.debug("Motion topology:\n{}", topology.describe());
            streams = new KafkaStreams(topology, motionConfig.streams());
            streams.setUncaughtExceptionHandler(error -> {
                // A record-level problem never gets here (it is dead-lettered); this is a bug or a fatal client
                // error. Stop the client: liveness turns red and the orchestrator restarts the process.
                LOG.error("Motion stream thread failed; shutting the Streams client down", error);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(metrics.registry());

            KafkaStreams running = streams;
            ServiceHttp http = ServiceHttp.builder(vertx, config)
                    .metrics(metrics.registry())
                    .readiness("kafka-streams", () -> readiness(running.state()))
                    .liveness("kafka-streams", () -> liveness(running.state()))
                    .start().await();
            MotionService service = new MotionService(motionConfig, metrics, streams, streamsMetrics, vertx,
                    sharedVertx == null, http, closeOptions(config));
            streams.setStateListener((now, before) -> service.onStateChange(now, before));
            streams.start();
            return service;
        } catch (RuntimeException e) {
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
            if (streams != null) {
                streams.close(Duration.ofSeconds(10));
            }
            if (sharedVertx == null) {
                vertx.close().await();
            }
            metrics.close();
            throw e;
        }
    }

    private static void ensureTopics(DaganConfig config, MotionConfig motionConfig) {
        Set<String> mine = Set.of(motionConfig.inputTopic(), motionConfig.outputTopic(), motionConfig.deadLetterTopic());
        List<TopicSpec> specs = TopicAdmin.pipelineTopics(config).stream()
                .filter(spec -> mine.contains(spec.name()))
                .toList();
        TopicAdmin.ensureTopics(config, specs);
    }

    /**
     * Leaving the group on close lets the remaining or restarted instances take the partitions over at once
     * instead of after the session timeout; turn it off with static membership ({@code group.instance.id}).
     */
    private static CloseOptions closeOptions(DaganConfig config) {
        return CloseOptions.timeout(config.getDuration("motion.shutdown.timeout", Duration.ofSeconds(30)))
                .withGroupMembershipOperation(config.getBoolean("motion.leave.group.on.close", true)
                        ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                        : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    static HealthCheck.Result readiness(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING ? HealthCheck.Result.up("RUNNING")
                : HealthCheck.Result.down("Kafka Streams is " + state);
    }

    static HealthCheck.Result liveness(KafkaStreams.State state) {
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                ? HealthCheck.Result.down("Kafka Streams is " + state + " (a stream thread failed; see the log)")
                : HealthCheck.Result.up(state.name());
    }

    private void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
        LOG.info("Kafka Streams state {} -> {}", before, now);
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            terminated.countDown();
        }
    }

    /** Current Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until Streams is RUNNING; false on timeout or if it failed first. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until Streams stops (closed or failed); returns its final state. */
    public KafkaStreams.State awaitTermination() throws InterruptedException {
        terminated.await();
        return streams.state();
    }

    /** Like {@link #awaitTermination()} with a limit; true when it stopped in time. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return metrics.registry();
    }

    public MotionConfig config() {
        return motionConfig;
    }

    /** Stops polling, commits the work in hand (Streams closes its transaction), then stops HTTP and metrics. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping motion stage");
        if (!streams.close(closeOptions)) {
            LOG.warn("Kafka Streams did not stop within the shutdown timeout (motion.shutdown.timeout)");
        }
        streamsMetrics.close();
        try {
            http.stop().await();
        } catch (RuntimeException e) {
            LOG.warn("Stopping HTTP failed: {}", e.toString());
        }
        if (ownsVertx) {
            vertx.close().await();
        }
        metrics.close();
        terminated.countDown();
    }
}
