package org.daganstream.worker.generator;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache of per-job values that computes each value once: concurrent requests for a
 * job that is being computed wait for that computation instead of starting their own. A failed computation is not
 * kept (the next request tries again). Entries being computed are never evicted; the cache may briefly hold more
 * than {@code maxEntries} while several are. Thread-safe.
 *
 * @param <V> the cached value
 */
final class SourceCache<V> {

    private final int maxEntries;
    private final Function<String, V> compute;
    private final LinkedHashMap<String, CompletableFuture<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong computations = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    SourceCache(int maxEntries, Function<String, V> compute) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the source cache needs room for at least 1 job, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.compute = compute;
    }

    /** The value for {@code jobId}, computed on this thread if no one has it or is computing it. */
    V get(String jobId) {
        CompletableFuture<V> entry;
        boolean mine = false;
        synchronized (this) {
            entry = entries.get(jobId);
            if (entry == null) {
                entry = new CompletableFuture<>();
                entries.put(jobId, entry);
                mine = true;
                evictBeyondCapacity();
            } else {
                hits.incrementAndGet();
            }
        }
        if (mine) {
            computations.incrementAndGet();
            try {
                entry.complete(compute.apply(jobId));
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    entries.remove(jobId, entry);
                }
                entry.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return entry.join();
        } catch (CompletionException e) {
            // Another thread's computation failed: fail this request with the same cause.
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<String, CompletableFuture<V>>> oldestFirst = entries.entrySet().iterator();
        while (entries.size() > maxEntries && oldestFirst.hasNext()) {
            if (oldestFirst.next().getValue().isDone()) {
                oldestFirst.remove();
                evictions.incrementAndGet();
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized boolean contains(String jobId) {
        return entries.containsKey(jobId);
    }

    /** How many values were computed (requests that found none cached or in progress). */
    long computations() {
        return computations.get();
    }

    long hits() {
        return hits.get();
    }

    long evictions() {
        return evictions.get();
    }

    synchronized void clear() {
        entries.clear();
    }
}
