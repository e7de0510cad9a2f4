package org.daganstream.assembler.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.daganstream.assembler.AssemblerMetrics;
import org.daganstream.assembler.testing.Jobs;
import org.daganstream.assembler.tracking.MuxRequest;
import org.daganstream.avro.OutputFormat;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.retry.Backoff;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MuxCoordinatorTest {

    private final List<Reenactment> published = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private MuxCoordinator coordinator(Function<MuxRequest, MuxResult> muxer, int queue, Duration retry) {
        MuxPolicy policy = new MuxPolicy(1, queue, 3, Backoff.fixed(retry), Duration.ofSeconds(5));
        return new MuxCoordinator(muxer, published::add, policy, new AssemblerMetrics(registry), Clock.systemUTC());
    }

    private static MuxRequest request(String jobId) {
        return new MuxRequest(Jobs.manifest(jobId, 4, 25.0, 64,
                Jobs.options(OutputFormat.MP4, false, Map.of("user", "u1")), null),
                Map.of("generator", 900L), System.currentTimeMillis() - 5_000, System.currentTimeMillis());
    }

    private void awaitPublished(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (published.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, published.size());
    }

    @Test
    void publishesOneSuccessAndKeepsTheJobInHandUntilForgotten() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (MuxCoordinator c = coordinator(r -> {
            calls.incrementAndGet();
            return new MuxResult("results/" + r.jobId() + "/video.mp4", null, 4, 25.0, true);
        }, 4, Duration.ofMillis(10))) {
            assertTrue(c.offer(request("a")));
            assertTrue(c.offer(request("a")), "already in hand: accepted without a second mux");
            awaitPublished(1);
            Reenactment r = published.get(0);
            assertEquals(ReenactmentOutcome.SUCCEEDED, r.getOutcome());
            assertEquals("results/a/video.mp4", r.getVideoKey());
            assertTrue(r.getHasAudio());
            assertEquals(4, r.getFrameCount());
            assertEquals(Map.of("user", "u1"), r.getCallbackMetadata());
            assertEquals(900L, r.getStageTimings().get("generator"));
            assertTrue(r.getStageTimings().get("total") >= 5_000);
            assertTrue(r.getStageTimings().containsKey("assembler"));
            assertNull(r.getError());

            assertTrue(c.inHand("a"), "published: not muxed again until the result comes back");
            c.offer(request("a"));
            Thread.sleep(100);
            assertEquals(1, calls.get());
            c.forget("a");
            assertFalse(c.inHand("a"));
        }
        assertEquals(1.0, registry.get("dagan.assembler.jobs.completed").tag("outcome", "succeeded").counter().count());
        assertEquals(1, registry.get("dagan.assembler.mux.time").timer().count());
    }

    @Test
    void transientFailureIsRetriedAfterTheBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (MuxCoordinator c = coordinator(r -> {
            if (calls.incrementAndGet() == 1) {
                throw new MuxException("storage unreachable", true);
            }
            return new MuxResult("results/b/video.mp4", null, 4, 25.0, false);
        }, 4, Duration.ofMillis(300))) {
            assertTrue(c.offer(request("b")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (calls.get() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertTrue(c.inHand("b"), "backing off");
            assertFalse(c.offer(request("b")), "refused during the backoff");
            Thread.sleep(400);
            assertFalse(c.inHand("b"), "backoff over: the tracker may offer it again");
            assertTrue(c.offer(request("b")));
            awaitPublished(1);
            assertEquals(ReenactmentOutcome.SUCCEEDED, published.get(0).getOutcome());
            assertEquals(2, calls.get());
        }
        assertEquals(1.0, registry.get("dagan.assembler.mux.retries").counter().count());
    }

    @Test
    void permanentFailurePublishesAFailedResultWithTheReason() throws Exception {
        try (MuxCoordinator c = coordinator(r -> {
            throw new MuxException("generated frame 2 of job c is missing from storage", false);
        }, 4, Duration.ofMillis(10))) {
            c.offer(request("c"));
            awaitPublished(1);
            Reenactment r = published.get(0);
            assertEquals(ReenactmentOutcome.FAILED, r.getOutcome());
            assertEquals("generated frame 2 of job c is missing from storage", r.getError());
            assertNull(r.getVideoKey());
            assertEquals(Map.of("user", "u1"), r.getCallbackMetadata());
        }
        assertEquals(1.0, registry.get("dagan.assembler.jobs.completed").tag("outcome", "failed").counter().count());
    }

    @Test
    void fullQueueRefusesInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (MuxCoordinator c = coordinator(r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MuxResult("k", null, 4, 25.0, false);
        }, 1, Duration.ofMillis(10))) {
            assertTrue(c.offer(request("d1")));
            Thread.sleep(100); // d1 running, queue empty
            assertTrue(c.offer(request("d2")));
            long start = System.nanoTime();
            assertFalse(c.offer(request("d3")), "queue full");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "offer does not block");
            assertFalse(c.inHand("d3"), "the tracker will offer it again");
            release.countDown();
            awaitPublished(2);
            assertTrue(c.offer(request("d3")));
            awaitPublished(3);
        }
    }

    @Test
    void unpublishableResultIsRedoneLater() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        long[] now = {1_000_000};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now[0]);
            }
        };
        MuxPolicy policy = new MuxPolicy(1, 2, 3, Backoff.fixed(Duration.ofSeconds(30)), Duration.ofSeconds(5));
        try (MuxCoordinator c = new MuxCoordinator(r -> new MuxResult("k", null, 4, 25.0, false), r -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("broker unreachable");
            }
            published.add(r);
        }, policy, new AssemblerMetrics(registry), clock)) {
            c.offer(request("e"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (attempts.get() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertTrue(published.isEmpty());
            assertTrue(c.inHand("e"), "backing off, not dropped");
            now[0] += 31_000;
            assertFalse(c.inHand("e"));
            assertTrue(c.offer(request("e")));
            awaitPublished(1);
        }
        assertEquals(2, attempts.get());
    }
}
