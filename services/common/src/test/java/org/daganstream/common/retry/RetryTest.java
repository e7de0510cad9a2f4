package org.daganstream.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RetryTest {

    private final List<Duration> sleeps = new ArrayList<>();

    private Retry.Builder retry() {
        return Retry.builder("test")
                .backoff(Backoff.fixed(Duration.ofMillis(10)))
                .retryOn(Causes::isIoOrTimeout)
                .sleeper(sleeps::add);
    }

    @Test
    void transientFailuresAreRetriedUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();
        String result = retry().maxAttempts(5).build().call("op", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("connection reset");
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(3, calls.get());
        assertEquals(2, sleeps.size());
    }

    @Test
    void permanentFailureIsRethrownAtOnceUnchanged() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("bad input");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> retry().build().call("op", () -> {
                    calls.incrementAndGet();
                    throw bug;
                }));
        assertSame(bug, thrown);
        assertEquals(1, calls.get());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void checkedPermanentFailureIsWrappedWithItsCause() {
        Retry.PermanentFailureException e = assertThrows(Retry.PermanentFailureException.class,
                () -> Retry.builder("test").retryOn(t -> false).build().run("op", () -> {
                    throw new FileNotFoundException("/nope");
                }));
        assertTrue(e.getCause() instanceof FileNotFoundException);
    }

    @Test
    void exhaustionReportsAttemptsAndLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        RetryExhaustedException e = assertThrows(RetryExhaustedException.class,
                () -> retry().maxAttempts(4).build().call("get x", () -> {
                    throw new IOException("refused #" + calls.incrementAndGet());
                }));
        assertEquals(4, e.attempts());
        assertEquals(4, calls.get());
        assertEquals("refused #4", e.getCause().getMessage());
        assertEquals("test get x failed after 4 attempts: IOException: refused #4", e.getMessage());
        assertEquals(3, sleeps.size());
    }

    @Test
    void timeBudgetStopsRetryingEarly() {
        Retry r = Retry.builder("test").maxAttempts(100).maxElapsed(Duration.ofMillis(25))
                .backoff(Backoff.fixed(Duration.ofMillis(10))).retryOn(t -> true).build();
        AtomicInteger calls = new AtomicInteger();
        RetryExhaustedException e = assertThrows(RetryExhaustedException.class, () -> r.call("op", () -> {
            calls.incrementAndGet();
            throw new IOException("down");
        }));
        assertTrue(calls.get() >= 1 && calls.get() <= 3, "calls: " + calls.get());
        assertTrue(e.getMessage().contains("time budget"), e.getMessage());
    }

    @Test
    void interruptStopsRetryingAndKeepsTheFlag() {
        Retry r = retry().sleeper(d -> {
            throw new InterruptedException();
        }).build();
        RetryExhaustedException e = assertThrows(RetryExhaustedException.class, () -> r.call("op", () -> {
            throw new IOException("down");
        }));
        assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
    }

    @Test
    void listenerSeesEveryRetry() {
        List<Integer> seen = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        retry().listener((op, n, failure, delay) -> seen.add(n)).build().call("op", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("x");
            }
            return 1;
        });
        assertEquals(List.of(1, 2), seen);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCapWithJitterBelowTheCeiling() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.5);
        assertEquals(Duration.ofMillis(100), b.ceiling(1));
        assertEquals(Duration.ofMillis(200), b.ceiling(2));
        assertEquals(Duration.ofMillis(800), b.ceiling(4));
        assertEquals(Duration.ofSeconds(1), b.ceiling(5));
        assertEquals(Duration.ofSeconds(1), b.ceiling(60));
        boolean varied = false;
        Duration first = b.delay(3);
        for (int i = 0; i < 200; i++) {
            Duration d = b.delay(3);
            assertTrue(d.compareTo(Duration.ofMillis(200)) >= 0 && d.compareTo(Duration.ofMillis(400)) <= 0, d.toString());
            varied |= !d.equals(first);
        }
        assertTrue(varied, "jitter randomises delays");
        assertEquals(Duration.ofMillis(10), Backoff.fixed(Duration.ofMillis(10)).delay(7));
    }

    @Test
    void invalidBackoffIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.5));
    }
}
