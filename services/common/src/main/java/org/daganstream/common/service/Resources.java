package org.daganstream.common.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service has started so far, closed newest first: a part is closed before the parts it was built on (the
 * HTTP server before the clients its checks call, the clients before the pools they run on). A service tracks each
 * part as it starts it, and closes the whole stack both on a failed start and on {@code close()}.
 *
 * <pre>{@code
 * BlobStore blobs = resources.track(BlobStore.fromConfig(config));
 * ExecutorService pool = resources.trackPool(BoundedExecutors.fixed("ingest-upload", 4, 16));
 * ...
 * resources.close();   // pool, then blobs
 * }</pre>
 *
 * <p>A part that fails to close is logged and skipped, so the rest still closes. Closing again closes only what was
 * tracked since. Thread-safe.
 */
public final class Resources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);
    /** How long a tracked pool may finish its queued tasks before they are interrupted. */
    static final long POOL_SHUTDOWN_SECONDS = 10;

    private final String owner;
    private final Deque<AutoCloseable> stack = new ArrayDeque<>();

    /** @param owner names the service in log messages */
    public Resources(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Adds {@code resource} on top of the stack; returns it. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        stack.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    /**
     * Adds {@code pool}: on close it takes no new tasks, gets 10 seconds to finish the queued ones, then its threads
     * are interrupted. Returns it.
     */
    public <T extends ExecutorService> T trackPool(T pool) {
        Objects.requireNonNull(pool, "pool");
        track(new AutoCloseable() {
            @Override
            public void close() throws InterruptedException {
                pool.shutdown();
                try {
                    if (!pool.awaitTermination(POOL_SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                        pool.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    throw e;
                }
            }

            @Override
            public String toString() {
                return "pool " + pool;
            }
        });
        return pool;
    }

    /** Number of parts not closed yet. */
    public synchronized int size() {
        return stack.size();
    }

    /**
     * Closes every part, newest first. Failures are logged, not thrown; an interrupt that arrives meanwhile is kept
     * for the caller (the thread's interrupt flag is set again at the end) but does not stop the other parts from
     * closing.
     */
    @Override
    public synchronized void close() {
        boolean interrupted = false;
        while (!stack.isEmpty()) {
            AutoCloseable resource = stack.pop();
            try {
                resource.close();
            } catch (InterruptedException e) {
                interrupted = true;
                LOG.warn("{}: closing {} was interrupted", owner, resource);
            } catch (Exception e) {
                LOG.warn("{}: closing {} failed: {}", owner, resource, e.toString());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
