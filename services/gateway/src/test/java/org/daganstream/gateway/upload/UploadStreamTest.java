package org.daganstream.gateway.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UploadStreamTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A source that emits chunks on its context while not paused, like an HTTP upload does. */
    private static final class ChunkSource implements ReadStream<Buffer> {
        private final Context context;
        private final byte[] data;
        private final int chunk;
        private final UploadStream[] sink = new UploadStream[1];
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        private int sent;
        private boolean paused;

        ChunkSource(Context context, byte[] data, int chunk) {
            this.context = context;
            this.data = data;
            this.chunk = chunk;
        }

        void emit() {
            while (!paused && sent < data.length) {
                int n = Math.min(chunk, data.length - sent);
                Buffer b = Buffer.buffer(n);
                b.appendBytes(data, sent, n);
                sent += n;
                sink[0].offer(b);
            }
            if (sent == data.length) {
                sink[0].end();
            }
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            pauses.incrementAndGet();
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            resumes.incrementAndGet();
            context.runOnContext(v -> emit());
            return this;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            return this;
        }
    }

    @Test
    void readerGetsEveryByteWhileTheSourceIsPausedAndResumed() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(data);
        Context context = vertx.getOrCreateContext();
        ChunkSource source = new ChunkSource(context, data, 64 * 1024);
        UploadStream stream = new UploadStream(source, context, Duration.ofSeconds(10));
        source.sink[0] = stream;
        context.runOnContext(v -> source.emit());

        byte[] read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream) {
                Thread.sleep(200);   // a slow consumer, so the buffer fills up
                return in.readAllBytes();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);

        assertArrayEquals(data, read);
        assertTrue(source.pauses.get() >= 1, "the source was never paused");
        assertTrue(source.resumes.get() >= 1, "the source was never resumed");
    }

    @Test
    void failureAndSilenceReachTheReader() throws Exception {
        Context context = vertx.getOrCreateContext();
        UploadStream failed = new UploadStream(new ChunkSource(context, new byte[0], 1), context, Duration.ofSeconds(10));
        failed.offer(Buffer.buffer("partial"));
        failed.fail("upload exceeds the size limit");
        IOException e = assertThrows(IOException.class, failed::readAllBytes);
        assertTrue(e.getMessage().contains("size limit"));

        UploadStream silent = new UploadStream(new ChunkSource(context, new byte[0], 1), context, Duration.ofMillis(200));
        IOException stalled = assertThrows(IOException.class, silent::readAllBytes);
        assertTrue(stalled.getMessage().contains("stalled"), stalled.getMessage());
    }
}
