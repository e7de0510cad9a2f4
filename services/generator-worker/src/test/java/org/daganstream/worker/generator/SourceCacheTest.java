package org.daganstream.worker.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SourceCacheTest {

    @Test
    void concurrentRequestsForOneJobComputeOnce() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        SourceCache<Object> cache = new SourceCache<>(4, job -> {
            computed.incrementAndGet();
            await(release);
            return new Object();
        });
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(threads.submit(() -> cache.get("job-a")));
            }
            Thread.sleep(100); // let every request reach the cache while the first computes
            release.countDown();
            Object first = results.get(0).get(5, TimeUnit.SECONDS);
            for (Future<Object> r : results) {
                assertSame(first, r.get(5, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, computed.get());
        assertEquals(1, cache.computations());
        assertEquals(5, cache.hits());
    }

    @Test
    void leastRecentlyUsedJobIsEvicted() {
        SourceCache<String> cache = new SourceCache<>(2, job -> job + "!");
        cache.get("a");
        cache.get("b");
        cache.get("a"); // a is now the most recently used
        cache.get("c");
        assertTrue(cache.contains("a"));
        assertFalse(cache.contains("b"), "b was least recently used");
        assertTrue(cache.contains("c"));
        assertEquals(1, cache.evictions());
        cache.get("b");
        assertEquals(4, cache.computations(), "an evicted job is computed again");
    }

    @Test
    void failedComputationIsNotKept() {
        AtomicInteger calls = new AtomicInteger();
        SourceCache<String> cache = new SourceCache<>(2, job -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("source blob missing");
            }
            return "ok";
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.get("a"));
        assertEquals("source blob missing", e.getMessage());
        assertFalse(cache.contains("a"));
        assertEquals("ok", cache.get("a"));
        assertEquals(2, cache.computations());
    }

    @Test
    void waitersSeeTheComputingThreadsFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SourceCache<String> cache = new SourceCache<>(2, job -> {
            await(release);
            throw new IllegalArgumentException("corrupt source");
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = threads.submit(() -> cache.get("a"));
            Thread.sleep(50);
            Future<String> second = threads.submit(() -> cache.get("a"));
            Thread.sleep(50);
            release.countDown();
            for (Future<String> f : List.of(first, second)) {
                var error = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
                assertTrue(error.getCause() instanceof IllegalArgumentException, String.valueOf(error.getCause()));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, cache.computations());
    }

    @Test
    void entriesBeingComputedAreNotEvicted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SourceCache<String> cache = new SourceCache<>(1, job -> {
            if (job.equals("slow")) {
                await(release);
            }
            return job;
        });
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = threads.submit(() -> cache.get("slow"));
            Thread.sleep(50);
            assertEquals("fast", cache.get("fast"));
            assertTrue(cache.contains("slow"), "the computation in progress keeps its entry");
            release.countDown();
            assertEquals("slow", slow.get(5, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void needsRoomForOneJob() {
        assertThrows(IllegalArgumentException.class, () -> new SourceCache<String>(0, j -> j));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
