package org.daganstream.common.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedExecutorsTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private ThreadPoolExecutor pool;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /** Occupies the pool's single thread until the test ends. */
    private void blockTheThread() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
    }

    @Test
    void threadsAreNamedDaemons() throws Exception {
        pool = BoundedExecutors.fixed("test-pool", 2, 4);
        AtomicReference<Thread> thread = new AtomicReference<>();
        pool.submit(() -> thread.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
        assertEquals("test-pool-1", thread.get().getName());
        assertTrue(thread.get().isDaemon());
        assertEquals(2, pool.getCorePoolSize());
        assertEquals(2, pool.getMaximumPoolSize());
    }

    @Test
    void aFullQueueRejectsByDefault() throws Exception {
        pool = BoundedExecutors.fixed("test-full", 1, 1);
        blockTheThread();
        pool.execute(() -> { });
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
        assertEquals(1, pool.getQueue().size());
    }

    @Test
    void theCallerDecidesWhatAFullQueueDoes() throws Exception {
        pool = BoundedExecutors.fixed("test-caller-runs", 1, 1, new ThreadPoolExecutor.CallerRunsPolicy());
        blockTheThread();
        pool.execute(() -> { });
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        pool.execute(() -> ranOn.set(Thread.currentThread()));
        assertEquals(Thread.currentThread(), ranOn.get());
    }

    @Test
    void refusesPoolsWithoutThreadsOrQueue() {
        IllegalArgumentException noThreads = assertThrows(IllegalArgumentException.class,
                () -> BoundedExecutors.fixed("uploads", 0, 4));
        assertTrue(noThreads.getMessage().contains("uploads"), noThreads.getMessage());
        IllegalArgumentException noQueue = assertThrows(IllegalArgumentException.class,
                () -> BoundedExecutors.fixed("uploads", 2, 0));
        assertTrue(noQueue.getMessage().contains("queue capacity"), noQueue.getMessage());
    }
}
