package org.daganstream.assembler.mux;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.daganstream.common.blob.BlobStore;

/**
 * Reads blobs in a known order a few keys ahead of their use, so S3 round trips overlap with each other and with
 * encoding. At most {@code depth} blobs are fetched or held at once, which keeps memory flat however many frames a
 * job has. Read errors surface unchanged from {@link #take} for the key that failed.
 */
final class BlobPrefetcher implements AutoCloseable {

    private record Pending(String key, Future<byte[]> bytes) {
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final BlobStore blobs;
    private final Iterator<String> keys;
    private final int depth;
    private final ExecutorService executor;
    private final Deque<Pending> pending = new ArrayDeque<>();

    BlobPrefetcher(BlobStore blobs, Iterator<String> keysInOrder, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefetch depth must be at least 1, got " + depth);
        }
        this.blobs = blobs;
        this.keys = keysInOrder;
        this.depth = depth;
        this.executor = Executors.newFixedThreadPool(depth, r -> {
            Thread t = new Thread(r, "assembler-prefetch-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The bytes of {@code key}, which must be the next key of the order given at construction.
     *
     * @throws IllegalStateException when {@code key} is not the next key (a bug in the caller)
     */
    byte[] take(String key) {
        fill();
        Pending next = pending.pollFirst();
        if (next == null || !next.key().equals(key)) {
            throw new IllegalStateException("prefetch order broken: asked for " + key + ", next is "
                    + (next == null ? "nothing" : next.key()));
        }
        fill();
        try {
            return next.bytes().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("reading " + key + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while reading " + key);
        }
    }

    private void fill() {
        while (pending.size() < depth && keys.hasNext()) {
            String k = keys.next();
            pending.addLast(new Pending(k, executor.submit(() -> blobs.get(k))));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pending.clear();
    }
}
