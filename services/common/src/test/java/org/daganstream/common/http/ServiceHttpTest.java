package org.daganstream.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts the real server on a free port and talks to it over HTTP. */
class ServiceHttpTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private Vertx vertx;
    private Metrics metrics;
    private ServiceHttp http;
    private final AtomicBoolean kafkaUp = new AtomicBoolean(true);

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        DaganConfig config = DaganConfig.of(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "http.health.timeout", "300ms", "metrics.instance", "test-pod-1"));
        metrics = Metrics.create("depth-worker", config);
        http = ServiceHttp.builder(vertx, config)
                .metrics(metrics.registry())
                .readiness("kafka", () -> kafkaUp.get() ? HealthCheck.Result.up("assigned 3 partitions")
                        : HealthCheck.Result.down("no partitions assigned"))
                .readiness("s3", HealthCheck.of(() -> true))
                .routes(router -> router.get("/hello").handler(ctx -> ctx.response().end("hi")))
                .start().await();
    }

    @AfterEach
    void stop() {
        http.stop().await();
        metrics.close();
        vertx.close().await();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void portZeroPicksAFreePort() {
        assertTrue(http.port() > 0);
    }

    @Test
    void startAndWaitNamesABindFailure() throws Exception {
        // A port held outside Vert.x: servers of one Vert.x instance on the same port would share it instead.
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            DaganConfig taken = DaganConfig.of(Map.of("http.port", Integer.toString(holder.getLocalPort()),
                    "http.host", "127.0.0.1"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ServiceHttp.builder(vertx, taken).startAndWait(Duration.ofSeconds(10)));
            assertTrue(e.getMessage().startsWith("starting the HTTP server failed: "), e.getMessage());
        }
    }

    @Test
    void startAndWaitReturnsTheListeningServer() throws Exception {
        DaganConfig free = DaganConfig.of(Map.of("http.port", "0", "http.host", "127.0.0.1"));
        ServiceHttp second = ServiceHttp.builder(vertx, free).startAndWait(Duration.ofSeconds(10));
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.port() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        } finally {
            second.stop().await();
        }
    }

    @Test
    void livenessIsUp() throws Exception {
        HttpResponse<String> r = get("/health/live");
        assertEquals(200, r.statusCode());
        assertEquals("UP", new JsonObject(r.body()).getString("status"));
    }

    @Test
    void readinessIs200WhenAllChecksPass() throws Exception {
        HttpResponse<String> r = get("/health/ready");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        JsonObject body = new JsonObject(r.body());
        assertEquals("UP", body.getString("status"));
        assertEquals("assigned 3 partitions", body.getJsonObject("checks").getJsonObject("kafka").getString("detail"));
        assertEquals(new JsonArray(), body.getJsonArray("failing"));
    }

    @Test
    void readinessIs503NamingFailingThrowingAndSlowChecks() throws Exception {
        kafkaUp.set(false);
        http.addReadiness("model", () -> {
            throw new IllegalStateException("bundle checksum mismatch");
        });
        http.addReadiness("slow", () -> {
            Thread.sleep(3_000);
            return HealthCheck.Result.up();
        });
        HttpResponse<String> r = get("/health/ready");
        assertEquals(503, r.statusCode());
        JsonObject body = new JsonObject(r.body());
        assertEquals("DOWN", body.getString("status"));
        assertEquals(new JsonArray().add("kafka").add("model").add("slow"), body.getJsonArray("failing"));
        JsonObject checks = body.getJsonObject("checks");
        assertEquals("UP", checks.getJsonObject("s3").getString("status"));
        assertEquals("no partitions assigned", checks.getJsonObject("kafka").getString("detail"));
        assertTrue(checks.getJsonObject("model").getString("detail").contains("bundle checksum mismatch"), r.body());
        assertTrue(checks.getJsonObject("slow").getString("detail").toLowerCase().contains("timeout")
                || checks.getJsonObject("slow").getString("detail").toLowerCase().contains("timed out"), r.body());

        http.removeReadiness("model").removeReadiness("slow");
        kafkaUp.set(true);
        assertEquals(200, get("/health/ready").statusCode());
    }

    @Test
    void metricsAreServedInPrometheusTextFormatWithCommonTags() throws Exception {
        Counter.builder("dagan.frames.processed").tag("stage", "depth").register(metrics.registry()).increment(3);
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
        String body = r.body();
        assertTrue(body.contains("dagan_frames_processed_total{"), body);
        String line = body.lines().filter(l -> l.startsWith("dagan_frames_processed_total{")).findFirst().orElseThrow();
        assertTrue(line.contains("service=\"depth-worker\"") && line.contains("instance=\"test-pod-1\"")
                && line.contains("stage=\"depth\"") && line.endsWith(" 3.0"), line);
        assertTrue(body.contains("jvm_memory_used_bytes"), "JVM binders registered");
        assertTrue(body.contains("process_cpu_usage") || body.contains("system_cpu_count"), "process binders registered");
    }

    @Test
    void extraRoutesAreServedAndUnknownPathsAre404() throws Exception {
        assertEquals("hi", get("/hello").body());
        assertEquals(404, get("/nope").statusCode());
        assertFalse(get("/health/ready").body().isEmpty());
    }
}
