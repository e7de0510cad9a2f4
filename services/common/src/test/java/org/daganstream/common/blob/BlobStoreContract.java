package org.daganstream.common.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.daganstream.common.tensor.Tensor;
import org.daganstream.common.testing.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The blob store behaviour every backend must show; subclasses pick the backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BlobStoreContract {

    private BlobStore store;
    private String job;

    @TempDir
    Path dir;

    protected abstract Backend backend();

    /** The store under test; by default an S3 client of {@link #backend()}. */
    protected BlobStore openStore() {
        // Smallest legal part size, so the 6 MiB upload below really goes multipart.
        return BlobStore.fromConfig(backend().config().with("s3.part.size", "5MiB"));
    }

    @BeforeAll
    void open() {
        store = openStore();
        store.ensureBucket();
        store.ensureBucket(); // idempotent
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private String freshJob() {
        job = "job-" + UUID.randomUUID().toString().substring(0, 8);
        return job;
    }

    @Test
    void putGetExistsDeleteRoundTrip() {
        String key = BlobKeys.frame(freshJob(), 0);
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        assertFalse(store.exists(key));
        store.put(key, data);
        assertTrue(store.exists(key));
        assertArrayEquals(data, store.get(key));
        store.put(key, new byte[] {7}); // a redo overwrites the same key
        assertArrayEquals(new byte[] {7}, store.get(key));
        store.delete(key);
        assertFalse(store.exists(key));
        store.delete(key); // deleting twice is fine
    }

    @Test
    void emptyObjectsAreKept() {
        String key = BlobKeys.result(freshJob(), "empty.bin");
        store.put(key, new byte[0]);
        assertTrue(store.exists(key));
        assertEquals(0, store.get(key).length);
    }

    @Test
    void missingObjectIsBlobNotFoundNamingBucketAndKey() {
        String key = BlobKeys.depth(freshJob(), 5);
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.get(key));
        assertEquals(store.bucket(), e.bucket());
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains("s3://" + store.bucket() + "/" + key), e.getMessage());
        assertThrows(BlobNotFoundException.class, () -> store.open(key));
    }

    @Test
    void listAndDeletePrefixSeeOnlyTheirJob() {
        String a = freshJob();
        String b = "other-" + a;
        for (int i = 0; i < 12; i++) {
            store.put(BlobKeys.frame(a, i), new byte[] {(byte) i});
        }
        store.put(BlobKeys.sourceImage(a), new byte[] {1});
        store.put(BlobKeys.frame(b, 0), new byte[] {2});

        List<String> frames = store.list(BlobKeys.kindPrefix(a, BlobKeys.FRAMES));
        assertEquals(12, frames.size());
        assertEquals(BlobKeys.frame(a, 0), frames.get(0));
        assertEquals(BlobKeys.frame(a, 11), frames.get(11));
        assertEquals(13, store.list(BlobKeys.jobPrefix(a)).size());

        assertEquals(13, store.deletePrefix(BlobKeys.jobPrefix(a)));
        assertEquals(List.of(), store.list(BlobKeys.jobPrefix(a)));
        assertTrue(store.exists(BlobKeys.frame(b, 0)), "another job's blobs survive");
        assertThrows(IllegalArgumentException.class, () -> store.deletePrefix(""));
    }

    @Test
    void largeFilesUploadAndDownloadThroughFilesAndStreams() throws IOException {
        String key = BlobKeys.upload(freshJob(), "drive.mp4");
        byte[] data = new byte[6 * 1024 * 1024 + 123];
        new Random(2).nextBytes(data);
        Path file = dir.resolve("drive.mp4");
        Files.write(file, data);
        store.put(key, file);
        Path back = dir.resolve("back.mp4");
        store.download(key, back);
        assertArrayEquals(data, Files.readAllBytes(back));
        try (InputStream in = store.open(key)) {
            assertArrayEquals(data, in.readAllBytes());
        }

        String streamed = BlobKeys.result(job, "streamed.bin");
        store.put(streamed, new ByteArrayInputStream(data), data.length);
        assertArrayEquals(data, store.get(streamed));
        String unknownSize = BlobKeys.result(job, "unknown-size.bin");
        store.put(unknownSize, new ByteArrayInputStream(data, 0, 1000), -1);
        assertEquals(1000, store.get(unknownSize).length);

        assertThrows(BlobStoreException.class, () -> store.put(key, dir.resolve("missing.mp4")));
    }

    @Test
    void statTellsSizeTypeTimeAndEtagWithoutReading() {
        String key = BlobKeys.result(freshJob(), "video.mp4");
        assertEquals(Optional.empty(), store.stat(key));
        Instant before = Instant.now();
        byte[] data = new byte[70_001];
        new Random(3).nextBytes(data);
        store.put(key, data);

        BlobInfo info = store.stat(key).orElseThrow();
        assertEquals(key, info.key());
        assertEquals(data.length, info.size());
        assertEquals(Optional.of("application/octet-stream"), info.contentType());
        // Last-Modified has whole seconds; allow for that and for a little clock skew.
        assertFalse(info.lastModified().isBefore(before.minus(Duration.ofSeconds(5))), info.lastModified() + " vs " + before);
        assertFalse(info.lastModified().isAfter(Instant.now().plus(Duration.ofSeconds(5))), info.lastModified().toString());
        assertFalse(info.etag().isEmpty());
        assertFalse(info.etag().contains("\""), "the entity tag comes without quotes: " + info.etag());

        store.put(key, new byte[] {1, 2, 3}); // a redo overwrites: new size, new entity tag
        BlobInfo redone = store.stat(key).orElseThrow();
        assertEquals(3, redone.size());
        assertFalse(redone.etag().equals(info.etag()), "entity tag unchanged after the content changed");

        store.put(key, new byte[0]);
        assertEquals(0, store.stat(key).orElseThrow().size());
        store.delete(key);
        assertEquals(Optional.empty(), store.stat(key));
    }

    @Test
    void rangedReadsReturnExactlyTheRequestedBytes() throws IOException {
        String key = BlobKeys.result(freshJob(), "video.mp4");
        byte[] data = new byte[100_000];
        new Random(4).nextBytes(data);
        store.put(key, data);

        assertArrayEquals(Arrays.copyOfRange(data, 1000, 1500), readRange(key, 1000, 500));
        assertArrayEquals(Arrays.copyOfRange(data, 0, 1), readRange(key, 0, 1));
        assertArrayEquals(Arrays.copyOfRange(data, 99_999, 100_000), readRange(key, 99_999, 1));
        assertArrayEquals(Arrays.copyOfRange(data, 99_990, 100_000), readRange(key, 99_990, 100),
                "a range running past the end stops at the end");
        assertArrayEquals(Arrays.copyOfRange(data, 40_000, 100_000), readRange(key, 40_000, Long.MAX_VALUE));
        assertArrayEquals(data, readRange(key, 0, Long.MAX_VALUE));
        assertEquals(0, readRange(key, 500, 0).length);
        assertEquals(0, readRange(key, 100_000, 0).length);

        BlobStoreException beyond = assertThrows(BlobStoreException.class, () -> store.open(key, 100_000, 10));
        assertFalse(beyond instanceof BlobNotFoundException, beyond.toString());
        assertTrue(beyond.getMessage().contains(key), beyond.getMessage());
        assertThrows(BlobStoreException.class, () -> store.open(key, 100_001, 0));
        assertThrows(IllegalArgumentException.class, () -> store.open(key, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> store.open(key, 0, -1));

        String missing = BlobKeys.result(job, "missing.mp4");
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.open(missing, 10, 10));
        assertEquals(missing, e.key());
        assertThrows(BlobNotFoundException.class, () -> store.open(missing, 0, 0));
    }

    @Test
    void rangesCrossMultipartBoundaries() throws IOException {
        String key = BlobKeys.upload(freshJob(), "drive.mp4");
        byte[] data = new byte[5 * 1024 * 1024 + 4096];
        new Random(5).nextBytes(data);
        Path file = dir.resolve("multipart.mp4");
        Files.write(file, data);
        store.put(key, file);
        assertEquals(data.length, store.stat(key).orElseThrow().size());
        int partEnd = 5 * 1024 * 1024;
        assertArrayEquals(Arrays.copyOfRange(data, partEnd - 100, partEnd + 100), readRange(key, partEnd - 100, 200));
    }

    private byte[] readRange(String key, long offset, long length) throws IOException {
        try (InputStream in = store.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void tensorsTravelAsNpy() {
        String key = BlobKeys.depth(freshJob(), 3);
        float[] data = new float[256 * 256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 256) / 255f;
        }
        Tensor depth = Tensor.of(data, 1, 256, 256);
        store.putTensor(key, depth);
        assertEquals(depth, store.getTensor(key));
        store.put(key, new byte[] {1, 2, 3});
        BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.getTensor(key));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(".npy"), e.getMessage());
    }
}
