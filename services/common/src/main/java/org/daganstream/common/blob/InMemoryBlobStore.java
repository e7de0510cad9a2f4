package org.daganstream.common.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link BlobStore} held in memory, for unit tests of logic around blobs. Integration tests and every real run
 * use {@link S3BlobStore}.
 */
public final class InMemoryBlobStore implements BlobStore {

    private final String bucket;
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

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
        objects.put(key, data.clone());
    }

    @Override
    public void put(String key, Path file) {
        try {
            objects.put(key, Files.readAllBytes(file));
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
            objects.put(key, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] get(String key) {
        byte[] data = objects.get(key);
        if (data == null) {
            throw new BlobNotFoundException(bucket, key);
        }
        return data.clone();
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(get(key));
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
        List<String> keys = list(prefix);
        keys.forEach(objects::remove);
        return keys.size();
    }

    @Override
    public void close() {
        objects.clear();
    }
}
