package org.daganstream.gateway.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * An {@link InputStream} fed from a Vert.x {@link ReadStream} (an HTTP upload), so a blocking object-store client on
 * a worker thread can consume the upload while it arrives, without holding it in memory or on disk. Flow control:
 * the source is paused when more than {@value #HIGH_WATER} bytes wait and resumed below {@value #LOW_WATER}; pausing
 * and resuming always happen on the source's own context. A reader that gets nothing for the idle timeout fails
 * with an {@link IOException}, so a stalled client cannot hold a worker forever.
 */
public final class UploadStream extends InputStream {

    static final int HIGH_WATER = 1024 * 1024;
    static final int LOW_WATER = 256 * 1024;

    private final ReadStream<Buffer> source;
    private final Context context;
    private final long idleTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();

    private Buffer current;
    private int position;
    private long buffered;
    private boolean ended;
    private IOException failure;
    /** Only read and written on the source's context. */
    private boolean paused;
    private boolean flowCheckScheduled;

    public UploadStream(ReadStream<Buffer> source, Context context, Duration idleTimeout) {
        this.source = source;
        this.context = context;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    // ---- producer side: the source's context --------------------------------------------------------------------

    /** Adds a chunk that arrived; pauses the source when too much waits. */
    public void offer(Buffer chunk) {
        lock.lock();
        try {
            if (failure != null || ended) {
                return;
            }
            chunks.add(chunk);
            buffered += chunk.length();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        adjustFlow();
    }

    /** The source has no more data: the reader sees end of stream after the buffered bytes. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes the reader fail with {@code reason}; buffered data is dropped. Safe from any thread. */
    public void fail(String reason) {
        lock.lock();
        try {
            if (failure == null && !(ended && chunks.isEmpty() && current == null)) {
                failure = new IOException(reason);
            }
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void adjustFlow() {
        long waiting;
        lock.lock();
        try {
            waiting = buffered;
            flowCheckScheduled = false;
        } finally {
            lock.unlock();
        }
        if (!paused && waiting > HIGH_WATER) {
            paused = true;
            source.pause();
        } else if (paused && waiting < LOW_WATER) {
            paused = false;
            source.resume();
        }
    }

    // ---- consumer side: a worker thread -------------------------------------------------------------------------

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        boolean scheduleFlowCheck = false;
        int copied;
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                if (current != null && position < current.length()) {
                    break;
                }
                current = chunks.poll();
                position = 0;
                if (current != null) {
                    continue;
                }
                if (ended) {
                    return -1;
                }
                awaitData();
            }
            copied = Math.min(length, current.length() - position);
            current.getBytes(position, position + copied, target, offset);
            position += copied;
            buffered -= copied;
            if (buffered < LOW_WATER && !flowCheckScheduled) {
                flowCheckScheduled = true;
                scheduleFlowCheck = true;
            }
        } finally {
            lock.unlock();
        }
        if (scheduleFlowCheck) {
            context.runOnContext(v -> adjustFlow());
        }
        return copied;
    }

    private void awaitData() throws IOException {
        try {
            long remaining = changed.awaitNanos(idleTimeoutNanos);
            if (remaining <= 0 && chunks.isEmpty() && !ended && failure == null) {
                failure = new IOException("upload stalled: no data for "
                        + TimeUnit.NANOSECONDS.toSeconds(idleTimeoutNanos) + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for upload data");
        }
    }

    @Override
    public void close() {
        fail("upload stream closed by its reader");
    }
}
