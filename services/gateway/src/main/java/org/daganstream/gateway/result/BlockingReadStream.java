package org.daganstream.gateway.result;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vert.x {@link ReadStream} over a blocking {@link InputStream} (a ranged object-store read), so it can be piped to
 * an HTTP response with flow control. The next chunk is read on the executor only while the consumer asks for
 * more, and handed over on the Vert.x context: a slow client costs at most one chunk of memory and no thread while
 * it is not reading. Exactly {@code length} bytes are delivered; an input that ends sooner fails the stream (the
 * object changed after its size was read). A full executor delays the next chunk instead of failing the transfer.
 * Always {@link #close()} the stream when done with it: that releases the input, also mid-transfer.
 */
public final class BlockingReadStream implements ReadStream<Buffer>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingReadStream.class);

    static final int CHUNK = 64 * 1024;
    /** How long to wait before asking a full executor again. */
    private static final long BUSY_RETRY_MILLIS = 10;
    private static final Runnable NOTHING = () -> { };

    private final InputStream in;
    private final Context context;
    private final Executor executor;
    private final AtomicBoolean released = new AtomicBoolean();

    // Guarded by this. Handlers are called on the context, outside the lock.
    private long remaining;
    private long demand = Long.MAX_VALUE;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    /** A chunk read but not yet delivered (the consumer paused meanwhile). */
    private Buffer pending;
    private Throwable failure;
    private boolean reading;
    /** Ended, failed or closed: nothing more is read or delivered. */
    private boolean done;

    /**
     * @param in       the bytes to deliver; closed by this stream
     * @param length   how many bytes {@code in} holds
     * @param context  where handlers are called (the request's context)
     * @param executor where blocking reads run
     */
    public BlockingReadStream(InputStream in, long length, Context context, Executor executor) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.in = in;
        this.remaining = length;
        this.context = context;
        this.executor = executor;
    }

    @Override
    public synchronized BlockingReadStream exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public BlockingReadStream handler(Handler<Buffer> handler) {
        synchronized (this) {
            this.handler = handler;
        }
        schedulePump();
        return this;
    }

    @Override
    public synchronized BlockingReadStream pause() {
        demand = 0;
        return this;
    }

    @Override
    public BlockingReadStream resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public BlockingReadStream fetch(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("negative fetch amount " + amount);
        }
        synchronized (this) {
            demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
        }
        schedulePump();
        return this;
    }

    @Override
    public synchronized BlockingReadStream endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }

    /** Stops the stream and releases the input (at once, or when a read in progress returns). Idempotent. */
    @Override
    public void close() {
        boolean releaseNow;
        synchronized (this) {
            done = true;
            pending = null;
            releaseNow = !reading;
        }
        if (releaseNow) {
            release();
        }
    }

    private void schedulePump() {
        context.runOnContext(v -> pump());
    }

    /** On the context: does the one thing that is due, which schedules whatever follows. */
    private void pump() {
        Runnable action;
        synchronized (this) {
            action = nextAction();
        }
        action.run();
    }

    /** Holds the lock; returns work to run outside it. */
    private Runnable nextAction() {
        if (done) {
            return NOTHING;
        }
        if (failure != null) {
            done = true;
            Handler<Throwable> onFailure = exceptionHandler;
            Throwable cause = failure;
            return () -> {
                release();
                if (onFailure != null) {
                    onFailure.handle(cause);
                } else {
                    LOG.debug("stream failed with nobody listening: {}", cause.toString());
                }
            };
        }
        if (handler == null || demand == 0) {
            return NOTHING;
        }
        if (pending != null) {
            Buffer chunk = pending;
            Handler<Buffer> onData = handler;
            pending = null;
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            return () -> {
                onData.handle(chunk);
                schedulePump();
            };
        }
        if (remaining == 0) {
            done = true;
            Handler<Void> onEnd = endHandler;
            return () -> {
                release();
                if (onEnd != null) {
                    onEnd.handle(null);
                }
            };
        }
        if (reading) {
            return NOTHING;
        }
        reading = true;
        int size = (int) Math.min(CHUNK, remaining);
        return () -> startRead(size);
    }

    private void startRead(int size) {
        try {
            executor.execute(() -> read(size));
        } catch (RejectedExecutionException busy) {
            synchronized (this) {
                reading = false;
            }
            context.owner().setTimer(BUSY_RETRY_MILLIS, id -> schedulePump());
        }
    }

    /** On the executor. */
    private void read(int size) {
        Buffer chunk = null;
        Throwable error = null;
        try {
            byte[] bytes = in.readNBytes(size);
            if (bytes.length < size) {
                error = new EOFException("the object ended early, after " + bytes.length + " of " + size
                        + " bytes of a chunk: it changed while being sent");
            } else {
                chunk = Buffer.buffer(bytes);
            }
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        boolean closed;
        synchronized (this) {
            reading = false;
            closed = done;
            if (!done) {
                if (error != null) {
                    failure = error;
                } else {
                    pending = chunk;
                    remaining -= size;
                }
            }
        }
        if (closed) {
            // Already on the executor: close here.
            if (released.compareAndSet(false, true)) {
                closeInput();
            }
        } else {
            schedulePump();
        }
    }

    /** Closes the input once, off the event loop: closing a half-read HTTP body may block briefly. */
    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::closeInput);
        } catch (RejectedExecutionException busy) {
            context.owner().executeBlocking(() -> {
                closeInput();
                return null;
            }, false);
        }
    }

    private void closeInput() {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a result stream: {}", e.toString());
        }
    }
}
