package org.daganstream.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.http.HealthCheck;
import org.daganstream.common.http.ServiceHttp;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.common.kafka.TopicAdmin;
import org.daganstream.common.metrics.Metrics;
import org.daganstream.common.service.BoundedExecutors;
import org.daganstream.common.service.Resources;
import org.daganstream.gateway.api.ApiResponses;
import org.daganstream.gateway.api.Blocking;
import org.daganstream.gateway.api.EventsHandler;
import org.daganstream.gateway.api.GatewayRoutes;
import org.daganstream.gateway.api.JobJson;
import org.daganstream.gateway.api.JobLinks;
import org.daganstream.gateway.api.QueryHandlers;
import org.daganstream.gateway.api.ResultHandler;
import org.daganstream.gateway.api.SubmitHandlers;
import org.daganstream.gateway.submit.JobIds;
import org.daganstream.gateway.submit.JobPublisher;
import org.daganstream.gateway.submit.JobSubmitter;
import org.daganstream.gateway.view.JobView;
import org.daganstream.gateway.view.JobViewConsumer;
import org.daganstream.schema.AvroTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's lifecycle, separate from {@link GatewayMain} so the CLI can run it in-process:
 * {@link #start(DaganConfig)} wires the object store, the job producer, the status consumer and the HTTP server
 * (API, web page, {@code /health/live}, {@code /health/ready}, {@code /metrics} on {@code http.port});
 * {@link #close()} stops it, newest part first.
 */
public final class GatewayService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);

    private final Resources resources = new Resources(GatewaySettings.SERVICE);
    private final GatewaySettings settings;
    private JobView view;
    private JobViewConsumer viewConsumer;
    private ServiceHttp http;
    private volatile boolean closed;

    private GatewayService(GatewaySettings settings) {
        this.settings = settings;
    }

    /**
     * Starts the gateway; on failure everything started so far is closed again.
     *
     * @throws org.daganstream.common.config.ConfigException on bad configuration, naming the key
     */
    public static GatewayService start(DaganConfig config) {
        GatewayService service = new GatewayService(GatewaySettings.fromConfig(config));
        try {
            service.startParts(config);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void startParts(DaganConfig config) {
        LOG.info("starting gateway: {}", config.describe());
        AvroTrust.install();
        Metrics metrics = resources.track(Metrics.create(GatewaySettings.SERVICE, config));
        GatewayMetrics gatewayMetrics = new GatewayMetrics(metrics.registry());
        BlobStore blobs = resources.track(BlobStore.fromConfig(config));
        if (settings.ensureTopics()) {
            TopicAdmin.ensureTopics(config, TopicAdmin.pipelineTopics(config));
        }

        view = new JobView(settings.maxJobs());
        Map<String, Object> consumerProps = KafkaClients.consumerProperties(config, null, "dagan-gateway-view");
        // The view only reads; it must never create the topics it follows.
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        viewConsumer = resources.track(new JobViewConsumer(
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer()),
                view, settings.statusTopic(), settings.reenactmentsTopic(), settings.viewPollTimeout(),
                settings.viewRefresh(), metrics.registry()).start());
        JobPublisher publisher = resources.track(new JobPublisher(KafkaClients.producer(config, "dagan-gateway"),
                settings.jobsTopic()));

        // Full pools reject (RejectedExecutionException): the handlers answer 503, never build an unbounded backlog.
        ExecutorService uploadPool = resources.trackPool(BoundedExecutors.fixed("gateway-upload",
                settings.uploadConcurrency(), settings.uploadConcurrency()));
        ExecutorService blobPool = resources.trackPool(
                BoundedExecutors.fixed("gateway-blob", settings.blobThreads(), 64));

        ApiResponses responses = new ApiResponses(gatewayMetrics);
        JobJson json = new JobJson(new JobLinks(settings.publicUrl()));
        Blocking blocking = new Blocking(blobPool);
        JobSubmitter submitter = new JobSubmitter(publisher, view, Clock.systemUTC(), settings.modelBundleId(),
                settings.publishTimeout());
        QueryHandlers queries = new QueryHandlers(view, json, responses, settings.listLimit());
        EventsHandler events = new EventsHandler(view, json, responses, settings.eventsKeepAlive(), queries);
        SubmitHandlers submit = new SubmitHandlers(settings, blobs, uploadPool, blocking, new JobIds(Clock.systemUTC()),
                submitter, view, json, responses, gatewayMetrics);
        ResultHandler results = new ResultHandler(queries, blobs, blocking, responses, gatewayMetrics);
        GatewayRoutes routes = new GatewayRoutes(submit, queries, events, results, responses, settings.maxJsonBytes());
        gatewayMetrics.gauges(view::size, events::openStreams);

        Vertx vertx = Vertx.vertx();
        resources.track(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        http = resources.track(ServiceHttp.builder(vertx, config)
                .metrics(metrics.registry())
                .liveness("job-view", () -> viewConsumer.isAlive() ? HealthCheck.Result.up()
                        : HealthCheck.Result.down(viewConsumer.problem()))
                .readiness("job-view", () -> viewConsumer.isLoaded() ? HealthCheck.Result.up(view.size() + " jobs")
                        : HealthCheck.Result.down(viewConsumer.problem()))
                .readiness("s3", () -> {
                    blobs.exists("health/gateway-probe");
                    return HealthCheck.Result.up(blobs.bucket());
                })
                .routes(routes::install)
                .startAndWait(Duration.ofSeconds(30)));
        // Closed first: submissions in progress finish (bounded) before the server and clients go away.
        resources.track(() -> submit.drain(settings.shutdownTimeout()));
        LOG.info("gateway started: http://localhost:{}/ (API under /api/jobs), jobs to {}, following {} and {}",
                http.port(), settings.jobsTopic(), settings.statusTopic(), settings.reenactmentsTopic());
    }

    /** The HTTP port actually bound (useful with {@code http.port=0}). */
    public int httpPort() {
        return http.port();
    }

    public GatewaySettings settings() {
        return settings;
    }

    /** The jobs this gateway knows about. */
    public JobView view() {
        return view;
    }

    /** True once the job view has read the status and results topics up to where they were at start. */
    public boolean isReady() {
        return viewConsumer != null && viewConsumer.isLoaded();
    }

    /** Stops accepting requests, ends open event streams, then closes clients and pools, newest first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        resources.close();
        LOG.info("gateway stopped");
    }
}
