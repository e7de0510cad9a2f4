package org.daganstream.common.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link BlobStore} held in memory, for unit tests of logic around blobs. Integration tests and every real run
 * use {@link S3BlobStore}.
 */
public final class InMemoryBlobStore implements BlobStore {

    /** What {@link S3BlobStore} stores every object as. */
    private static final String OCTET_STREAM = "application/octet-stream";

    /** One object: its bytes (never handed out, only copies) and when it was written. */
    private record Stored(byte[] data, Instant modified) {
    }

    private final String bucket;
    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();

    public InMemoryBlobStore(String bucket) {
        this.bucket = bucket;
    }

    public InMemoryBlobStore() {
        this(S3Settings.DEFAULT_BUCKET);
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void ensureBucket() {
        // always exists
    }

    @Override
    public void put(String key, byte[] data) {
        store(key, data.clone());
    }

    @Override
    public void put(String key, Path file) {
        try {
            store(key, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BlobStoreException("cannot upload " + file + " to s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, InputStream in, long size) {
        try {
            byte[] data = size < 0 ? in.readAllBytes() : in.readNBytes((int) size);
            if (size >= 0 && data.length != size) {
                throw new BlobStoreException("stream for s3://" + bucket + "/" + key + " ended after " + data.length
                        + " of " + size + " bytes");
            }
            store(key, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] get(String key) {
        return stored(key).data().clone();
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(get(key));
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        BlobRanges.check(key, offset, length);
        byte[] data = stored(key).data();
        // Same rule as S3: a non-empty range must start inside the object.
        if (offset > data.length || (length > 0 && offset == data.length)) {
            throw BlobRanges.beyondEnd(bucket, key, offset, length, data.length);
        }
        int from = (int) offset;
        int count = (int) Math.min(length, data.length - from);
        return new ByteArrayInputStream(Arrays.copyOfRange(data, from, from + count));
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        Stored stored = objects.get(key);
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(new BlobInfo(key, stored.data().length, Optional.of(OCTET_STREAM), stored.modified(),
                md5Hex(stored.data())));
    }

    @Override
    public void download(String key, Path target) {
        try {
            Files.write(target, get(key));
        } catch (IOException e) {
            throw new BlobStoreException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(key);
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        return new ArrayList<>(objects.subMap(prefix, true, prefix + Character.MAX_VALUE, true).keySet());
    }

    @Override
    public int deletePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete with an empty prefix (it would empty bucket " + bucket + ")");
        }
        List<String> keys = list(prefix);
        keys.forEach(objects::remove);
        return keys.size();
    }

    @Override
    public void close() {
        objects.clear();
    }

    private void store(String key, byte[] data) {
        objects.put(key, new Stored(data, Instant.now()));
    }

    private Stored stored(String key) {
        Stored stored = objects.get(key);
        if (stored == null) {
            throw new BlobNotFoundException(bucket, key);
        }
        return stored;
    }

    /** The entity tag S3 gives an object uploaded in one part. */
    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
