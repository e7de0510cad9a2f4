package org.daganstream.common.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class ResourcesTest {

    private final List<String> closed = new ArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void closesNewestFirstAndReturnsWhatItTracks() {
        Resources resources = new Resources("test");
        AutoCloseable first = part("first");
        assertSame(first, resources.track(first));
        resources.track(part("second"));
        resources.track(part("third"));
        assertEquals(3, resources.size());

        resources.close();
        assertEquals(List.of("third", "second", "first"), closed);
        assertEquals(0, resources.size());
    }

    @Test
    void aFailingPartDoesNotStopTheOthers() {
        Resources resources = new Resources("test");
        resources.track(part("first"));
        resources.track(() -> {
            throw new IllegalStateException("broken");
        });
        resources.track(part("third"));

        resources.close();
        assertEquals(List.of("third", "first"), closed);
    }

    @Test
    void closingAgainClosesOnlyWhatWasTrackedSince() {
        Resources resources = new Resources("test");
        resources.track(part("early"));
        resources.close();
        resources.close();
        resources.track(part("late"));
        resources.close();
        assertEquals(List.of("early", "late"), closed);
    }

    @Test
    void aTrackedPoolFinishesItsQueuedTasksOnClose() throws Exception {
        Resources resources = new Resources("test");
        ExecutorService pool = resources.trackPool(BoundedExecutors.fixed("test-finish", 1, 4));
        CountDownLatch ran = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> {
                sleep(20);
                ran.countDown();
            });
        }
        resources.close();
        assertTrue(pool.isTerminated());
        assertEquals(0, ran.getCount(), "queued tasks were dropped");
    }

    @Test
    void anInterruptWhileWaitingForAPoolStopsItsTasksClosesTheRestAndIsKept() throws Exception {
        Resources resources = new Resources("test");
        resources.track(part("older"));
        ExecutorService pool = resources.trackPool(BoundedExecutors.fixed("test-interrupt", 1, 1));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean taskInterrupted = new AtomicBoolean();
        pool.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                taskInterrupted.set(true);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        Thread.currentThread().interrupt();
        resources.close();
        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(taskInterrupted.get());
        assertEquals(List.of("older"), closed);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
