package org.daganstream.ingest.job;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import org.daganstream.common.blob.BlobStore;

/**
 * Uploads one job's frame blobs on a shared pool while decoding goes on, with at most {@code maxInFlight} uploads
 * pending: decoding waits when uploads fall behind, so memory stays flat however long the video is. The first
 * upload failure is rethrown by the next {@link #upload} or by {@link #awaitAll}.
 */
final class FrameUploader {

    private final BlobStore blobs;
    private final Executor pool;
    private final int maxInFlight;
    private final Semaphore permits;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    FrameUploader(BlobStore blobs, Executor pool, int maxInFlight) {
        this.blobs = blobs;
        this.pool = pool;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    /** Queues {@code data} for {@code key}; blocks while {@code maxInFlight} uploads are pending. */
    void upload(String key, byte[] data) throws InterruptedException {
        rethrowFailure();
        permits.acquire();
        try {
            pool.execute(() -> {
                try {
                    blobs.put(key, data);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Waits until every queued upload has finished; rethrows the first failure. */
    void awaitAll() throws InterruptedException {
        permits.acquire(maxInFlight);
        permits.release(maxInFlight);
        rethrowFailure();
    }

    /** Waits for pending uploads without throwing: before deleting a failed job's blobs, so none reappears. */
    void drainQuietly() {
        boolean interrupted = false;
        while (true) {
            try {
                permits.acquire(maxInFlight);
                permits.release(maxInFlight);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
