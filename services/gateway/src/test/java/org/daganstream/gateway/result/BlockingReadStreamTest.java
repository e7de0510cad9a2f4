package org.daganstream.gateway.result;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flow control and clean-up of the stream that pipes object-store reads to HTTP responses, on a real Vert.x. */
class BlockingReadStreamTest {

    private static final int CHUNK = BlockingReadStream.CHUNK;

    private Vertx vertx;
    private Context context;
    private ExecutorService executor;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Counts the bytes read and remembers being closed. */
    private static final class TrackedInput extends FilterInputStream {
        final AtomicLong read = new AtomicLong();
        final CountDownLatch closed = new CountDownLatch(1);

        TrackedInput(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() throws java.io.IOException {
            super.close();
            closed.countDown();
        }

        boolean awaitClosed() throws InterruptedException {
            return closed.await(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void deliversExactlyTheBytesInChunksThenEndsAndReleasesTheInput() throws Exception {
        byte[] data = data(3 * CHUNK + 123);
        TrackedInput in = new TrackedInput(data);
        BlockingReadStream stream = new BlockingReadStream(in, data.length, context, executor);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        AtomicInteger chunks = new AtomicInteger();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        context.runOnContext(v -> stream
                .endHandler(e -> ended.complete(null))
                .exceptionHandler(ended::completeExceptionally)
                .handler(buffer -> {
                    chunks.incrementAndGet();
                    received.writeBytes(buffer.getBytes());
                }));

        ended.get(10, TimeUnit.SECONDS);
        assertArrayEquals(data, received.toByteArray());
        assertEquals(4, chunks.get());
        assertTrue(in.awaitClosed(), "the input was not closed after the end");
    }

    @Test
    void readsOnlyWhatTheConsumerAskedFor() throws Exception {
        byte[] data = data(10 * CHUNK);
        TrackedInput in = new TrackedInput(data);
        BlockingReadStream stream = new BlockingReadStream(in, data.length, context, executor);
        CountDownLatch first = new CountDownLatch(1);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        context.runOnContext(v -> {
            stream.pause();
            stream.endHandler(e -> ended.complete(null)).handler(buffer -> {
                received.writeBytes(buffer.getBytes());
                first.countDown();
            });
            stream.fetch(1);
        });

        assertTrue(first.await(10, TimeUnit.SECONDS));
        Thread.sleep(300); // room for reads the stream must not make
        assertEquals(CHUNK, in.read.get(), "the stream read ahead of a paused consumer");
        assertFalse(ended.isDone());

        context.runOnContext(v -> stream.resume());
        ended.get(10, TimeUnit.SECONDS);
        assertArrayEquals(data, received.toByteArray());
    }

    @Test
    void anInputShorterThanPromisedFailsTheStream() throws Exception {
        TrackedInput in = new TrackedInput(data(CHUNK + 10));
        BlockingReadStream stream = new BlockingReadStream(in, 2L * CHUNK, context, executor);
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        AtomicBoolean ended = new AtomicBoolean();
        context.runOnContext(v -> stream.exceptionHandler(failed::complete).endHandler(e -> ended.set(true))
                .handler(buffer -> { }));

        Throwable cause = failed.get(10, TimeUnit.SECONDS);
        assertInstanceOf(EOFException.class, cause);
        assertTrue(cause.getMessage().contains("changed while being sent"), cause.getMessage());
        assertFalse(ended.get(), "a short input must not look like a complete one");
        assertTrue(in.awaitClosed());
    }

    @Test
    void closingMidwayReleasesTheInputAndDeliversNothingMore() throws Exception {
        byte[] data = data(10 * CHUNK);
        TrackedInput in = new TrackedInput(data);
        BlockingReadStream stream = new BlockingReadStream(in, data.length, context, executor);
        AtomicInteger chunks = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        context.runOnContext(v -> stream.handler(buffer -> {
            chunks.incrementAndGet();
            stream.close(); // as when the client goes away
            first.countDown();
        }));

        assertTrue(first.await(10, TimeUnit.SECONDS));
        assertTrue(in.awaitClosed(), "closing did not release the input");
        Thread.sleep(200);
        assertEquals(1, chunks.get());
        assertTrue(in.read.get() < data.length, "the whole input was read although the stream was closed");
    }
}
