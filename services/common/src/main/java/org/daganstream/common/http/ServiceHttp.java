package org.daganstream.common.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face every service shares: {@code GET /health/live}, {@code GET /health/ready} (200 when every
 * readiness check is up, else 503; JSON body names each check and lists the failing ones), {@code GET /metrics}
 * (Prometheus text format 0.0.4), plus routes a service adds. Checks and scrapes run on worker threads, never on
 * the event loop. Port {@code http.port} (default 8080; 0 picks a free port, see {@link #port()}), host
 * {@code http.host} (default 0.0.0.0), check timeout {@code http.health.timeout} (default 5s).
 *
 * <pre>{@code
 * ServiceHttp http = ServiceHttp.builder(vertx, config).metrics(metrics.registry())
 *         .readiness("kafka", () -> consumerAssigned() ? Result.up() : Result.down("no partitions yet"))
 *         .start().await();
 * }</pre>
 */
public final class ServiceHttp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHttp.class);
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final String host;
    private final int configuredPort;
    private final Duration checkTimeout;
    private final PrometheusMeterRegistry registry;
    private final Map<String, HealthCheck> readiness = new ConcurrentSkipListMap<>();
    private final Map<String, HealthCheck> liveness = new ConcurrentSkipListMap<>();
    private final List<Consumer<Router>> extraRoutes;
    private volatile HttpServer server;

    private ServiceHttp(Builder b) {
        this.vertx = b.vertx;
        this.host = b.config.get("http.host", "0.0.0.0");
        this.configuredPort = b.config.getInt("http.port", 8080, 0, 65535);
        this.checkTimeout = b.config.getDuration("http.health.timeout", Duration.ofSeconds(5));
        this.registry = b.registry;
        this.readiness.putAll(b.readiness);
        this.liveness.putAll(b.liveness);
        this.extraRoutes = List.copyOf(b.routes);
    }

    public static Builder builder(Vertx vertx, DaganConfig config) {
        return new Builder(vertx, config);
    }

    /** Binds the port and serves; completes with this instance once listening. */
    public Future<ServiceHttp> start() {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> respondHealth(ctx, liveness));
        router.get("/health/ready").handler(ctx -> respondHealth(ctx, readiness));
        if (registry != null) {
            router.get("/metrics").handler(this::scrape);
        }
        extraRoutes.forEach(r -> r.accept(router));
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(configuredPort))
                .requestHandler(router)
                .listen()
                .map(s -> {
                    server = s;
                    LOG.info("HTTP listening on {}:{} (/health/live, /health/ready{})", host, s.actualPort(),
                            registry != null ? ", /metrics" : "");
                    return this;
                });
    }

    /** The bound port (the real one when {@code http.port=0}). */
    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("HTTP server not started");
        }
        return s.actualPort();
    }

    /** Adds or replaces a readiness check at any time (e.g. once the consumer has its partitions). */
    public ServiceHttp addReadiness(String name, HealthCheck check) {
        readiness.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
        return this;
    }

    public ServiceHttp removeReadiness(String name) {
        readiness.remove(name);
        return this;
    }

    public Future<Void> stop() {
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    @Override
    public void close() {
        stop();
    }

    // ---- handlers ----------------------------------------------------------------------------------------------

    private void respondHealth(RoutingContext ctx, Map<String, HealthCheck> checks) {
        List<String> names = new ArrayList<>(checks.keySet());
        List<Future<HealthCheck.Result>> results = new ArrayList<>();
        for (String name : names) {
            HealthCheck check = checks.get(name);
            results.add(vertx.executeBlocking(check::check, false)
                    .timeout(checkTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .recover(err -> Future.succeededFuture(HealthCheck.Result.down(describe(err)))));
        }
        Future.join(results).onComplete(done -> {
            JsonObject body = new JsonObject();
            JsonObject details = new JsonObject();
            List<String> failing = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                HealthCheck.Result r = results.get(i).result();
                JsonObject entry = new JsonObject().put("status", r.healthy() ? "UP" : "DOWN");
                if (r.detail() != null && !r.detail().isEmpty()) {
                    entry.put("detail", r.detail());
                }
                details.put(names.get(i), entry);
                if (!r.healthy()) {
                    failing.add(names.get(i));
                }
            }
            body.put("status", failing.isEmpty() ? "UP" : "DOWN").put("checks", details).put("failing", failing);
            ctx.response().setStatusCode(failing.isEmpty() ? 200 : 503)
                    .putHeader("content-type", JSON)
                    .end(body.encode());
        });
    }

    private void scrape(RoutingContext ctx) {
        vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("content-type", PROMETHEUS_CONTENT_TYPE).end(ar.result());
            } else {
                LOG.warn("metrics scrape failed: {}", describe(ar.cause()));
                ctx.response().setStatusCode(500).end("scrape failed: " + describe(ar.cause()));
            }
        });
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    public static final class Builder {
        private final Vertx vertx;
        private final DaganConfig config;
        private PrometheusMeterRegistry registry;
        private final Map<String, HealthCheck> readiness = new ConcurrentSkipListMap<>();
        private final Map<String, HealthCheck> liveness = new ConcurrentSkipListMap<>();
        private final List<Consumer<Router>> routes = new ArrayList<>();

        private Builder(Vertx vertx, DaganConfig config) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Serves {@code /metrics} from this registry (see {@code Metrics}); without it there is no /metrics. */
        public Builder metrics(PrometheusMeterRegistry prometheus) {
            this.registry = prometheus;
            return this;
        }

        public Builder readiness(String name, HealthCheck check) {
            readiness.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
            return this;
        }

        /** Liveness checks should only fail when a restart helps (e.g. a dead consume loop). */
        public Builder liveness(String name, HealthCheck check) {
            liveness.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
            return this;
        }

        /** Adds service-specific routes (upload endpoints, status pages...). */
        public Builder routes(Consumer<Router> addRoutes) {
            routes.add(Objects.requireNonNull(addRoutes, "addRoutes"));
            return this;
        }

        public ServiceHttp build() {
            return new ServiceHttp(this);
        }

        /** {@code build().start()}. */
        public Future<ServiceHttp> start() {
            return build().start();
        }

        /**
         * Starts and blocks the calling thread (never an event loop) until the server listens.
         *
         * @throws IllegalStateException "starting the HTTP server failed: ..." when binding fails or takes longer
         *                               than {@code timeout}
         */
        public ServiceHttp startAndWait(Duration timeout) {
            try {
                return start().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("starting the HTTP server failed: interrupted", e);
            } catch (Exception e) {
                throw new IllegalStateException("starting the HTTP server failed: " + e.getMessage(), e);
            }
        }
    }
}
