package org.daganstream.common.service;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools with a fixed number of threads and a bounded queue, so work waiting for a thread can never pile up
 * without limit. What a full pool means is the caller's decision: a front end answers "busy" (503), a stage whose
 * callers are already bounded treats it as a bug; both get a {@link java.util.concurrent.RejectedExecutionException}
 * by default, or pass another {@link RejectedExecutionHandler}.
 *
 * <p>Threads are daemons named {@code <name>-1}, {@code <name>-2}, ... : a pool never keeps the JVM alive, and its
 * owner shuts it down (see {@link Resources#trackPool}).
 */
public final class BoundedExecutors {

    private BoundedExecutors() {
    }

    /** {@code threads} threads, at most {@code queueCapacity} waiting tasks; a task beyond that is rejected. */
    public static ThreadPoolExecutor fixed(String name, int threads, int queueCapacity) {
        return fixed(name, threads, queueCapacity, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Like {@link #fixed(String, int, int)}; {@code whenFull} decides what happens to a task the queue cannot take. */
    public static ThreadPoolExecutor fixed(String name, int threads, int queueCapacity,
                                           RejectedExecutionHandler whenFull) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(whenFull, "whenFull");
        if (threads < 1) {
            throw new IllegalArgumentException("pool " + name + " needs at least 1 thread, got " + threads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("pool " + name + " needs a queue capacity of at least 1, got "
                    + queueCapacity);
        }
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemonThreads(name), whenFull);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
