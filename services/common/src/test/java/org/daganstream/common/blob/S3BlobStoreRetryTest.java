package org.daganstream.common.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.retry.RetryExhaustedException;
import org.daganstream.common.testing.ScriptedHttpServer;
import org.daganstream.common.testing.ScriptedHttpServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry classification against a real local HTTP server that plays a faulty S3 endpoint. */
class S3BlobStoreRetryTest {

    private ScriptedHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static S3BlobStore store(URI endpoint, int attempts) {
        return S3BlobStore.fromConfig(DaganConfig.of(Map.of(
                "s3.endpoint", endpoint.toString(),
                "s3.access.key", "test-access",
                "s3.secret.key", "test-secret",
                "s3.bucket", "dagan",
                "s3.retry.max.attempts", Integer.toString(attempts),
                "s3.retry.backoff.initial", "1ms",
                "s3.retry.backoff.max", "5ms")));
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedThenTheObjectIsRead() {
        byte[] payload = "frame bytes".getBytes(StandardCharsets.UTF_8);
        server.then(Response.of(503, "text/html", "<html>overloaded</html>"),
                        Response.s3Error(503, "SlowDown", "Please reduce your request rate."),
                        Response.s3Error(500, "InternalError", "We encountered an internal error."))
                .otherwise(Response.bytes(200, payload));
        try (S3BlobStore store = store(server.uri(), 5)) {
            assertArrayEquals(payload, store.get("jobs/j/frames/000001"));
        }
        assertEquals(4, server.requests().size());
        assertTrue(server.requests().stream().allMatch(r -> r.method().equals("GET")
                && r.path().equals("/dagan/jobs/j/frames/000001")), server.requests().toString());
    }

    @Test
    void rangedReadsAskForTheRangeAndAreRetried() throws IOException {
        byte[] payload = "range".getBytes(StandardCharsets.UTF_8);
        server.then(Response.s3Error(503, "SlowDown", "Please reduce your request rate."))
                .otherwise(Response.bytes(206, payload));
        try (S3BlobStore store = store(server.uri(), 3); InputStream in = store.open("results/j/video.mp4", 10, 5)) {
            assertArrayEquals(payload, in.readAllBytes());
        }
        assertEquals(2, server.requests().size());
        assertTrue(server.requests().stream().allMatch(r -> "bytes=10-14".equals(r.header("Range"))),
                server.requests().toString());
    }

    @Test
    void aRangeBeyondTheEndIsNotRetriedAndSaysWhichBytes() {
        server.otherwise(Response.s3Error(416, "InvalidRange", "The requested range is not satisfiable"));
        try (S3BlobStore store = store(server.uri(), 5)) {
            BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.open("k", 100, Long.MAX_VALUE));
            assertFalse(e instanceof BlobNotFoundException);
            assertTrue(e.getMessage().contains("bytes 100- of s3://dagan/k") && e.getMessage().contains("InvalidRange"),
                    e.getMessage());
        }
        assertEquals(1, server.requests().size());
        assertEquals("bytes=100-", server.requests().get(0).header("range"));
    }

    @Test
    void statReadsTheHeadersAndRetriesThrottling() {
        server.then(Response.s3Error(503, "SlowDown", "Please reduce your request rate."))
                .then(new Response(200, Map.of("Content-Length", "1234", "ETag", "\"9b2cf535f27731c974343645a3985328\"",
                        "Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT", "Content-Type", "video/mp4"), new byte[0]))
                .otherwise(Response.s3Error(404, "NoSuchKey", "The specified key does not exist."));
        try (S3BlobStore store = store(server.uri(), 3)) {
            BlobInfo info = store.stat("results/j/video.mp4").orElseThrow();
            assertEquals(new BlobInfo("results/j/video.mp4", 1234, Optional.of("video/mp4"),
                    Instant.parse("2015-10-21T07:28:00Z"), "9b2cf535f27731c974343645a3985328"), info);
            assertEquals(Optional.empty(), store.stat("results/j/other.mp4"));
        }
        assertEquals(3, server.requests().size());
        assertTrue(server.requests().stream().allMatch(r -> r.method().equals("HEAD")), server.requests().toString());
    }

    @Test
    void notFoundIsNotRetriedAndNamesBucketAndKey() {
        server.otherwise(Response.s3Error(404, "NoSuchKey", "The specified key does not exist."));
        try (S3BlobStore store = store(server.uri(), 5)) {
            BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.get("jobs/j/depth/000003"));
            assertEquals("dagan", e.bucket());
            assertEquals("jobs/j/depth/000003", e.key());
            assertTrue(e.getMessage().contains("s3://dagan/jobs/j/depth/000003"), e.getMessage());
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void accessDeniedIsNotRetried() {
        server.otherwise(Response.s3Error(403, "AccessDenied", "Access Denied."));
        try (S3BlobStore store = store(server.uri(), 5)) {
            BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.put("k", new byte[] {1}));
            assertFalse(e instanceof BlobNotFoundException);
            assertTrue(e.getMessage().contains("AccessDenied") && e.getMessage().contains("s3://dagan/k"), e.getMessage());
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void persistentOutageExhaustsTheAttemptsWithAClearMessage() {
        server.otherwise(Response.s3Error(503, "ServiceUnavailable", "Service is unable to handle request."));
        try (S3BlobStore store = store(server.uri(), 3)) {
            BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.exists("k"));
            assertTrue(e.getCause() instanceof RetryExhaustedException, String.valueOf(e.getCause()));
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertTrue(e.getMessage().contains("s3://dagan/k"), e.getMessage());
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void connectionRefusedIsRetried() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (S3BlobStore store = store(URI.create("http://127.0.0.1:" + closedPort), 2)) {
            BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.get("k"));
            RetryExhaustedException exhausted = (RetryExhaustedException) e.getCause();
            assertEquals(2, exhausted.attempts());
        }
    }

    @Test
    void badEndpointConfigIsRejectedClearly() {
        ConfigException e = assertThrows(ConfigException.class, () -> S3BlobStore.fromConfig(DaganConfig.of(Map.of(
                "s3.endpoint", "minio:9000", "s3.access.key", "a", "s3.secret.key", "b"))));
        assertTrue(e.getMessage().contains("s3.endpoint=minio:9000"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> S3BlobStore.fromConfig(DaganConfig.of(Map.of(
                "s3.endpoint", "http://minio:9000", "s3.access.key", "a"))));
        assertTrue(missing.getMessage().contains("s3.secret.key"), missing.getMessage());
        assertFalse(S3Settings.fromConfig(DaganConfig.of(Map.of("s3.endpoint", "http://m:9000",
                "s3.access.key", "AKIAXYZ", "s3.secret.key", "sekrit"))).toString().contains("sekrit"));
    }
}
