package org.daganstream.ingest.job;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.daganstream.common.blob.BlobInfo;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.blob.BlobStoreException;

/**
 * Delegates to a real store but fails the next {@code failPuts} frame writes, like an S3 outage would. Counts reads
 * of object contents, and can under-report sizes ({@code statSize}) like an object replaced right after its
 * {@link #stat} would.
 */
final class FlakyBlobStore implements BlobStore {

    private final BlobStore delegate;
    final AtomicInteger failPuts = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    /** When not negative, the size {@link #stat} reports for every object. */
    final AtomicLong statSize = new AtomicLong(-1);

    FlakyBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String bucket() {
        return delegate.bucket();
    }

    @Override
    public void ensureBucket() {
        delegate.ensureBucket();
    }

    @Override
    public void put(String key, byte[] data) {
        puts.incrementAndGet();
        if (key.contains("/frames/") && failPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new BlobStoreException("put s3://" + bucket() + "/" + key + " failed: service unavailable", null);
        }
        delegate.put(key, data);
    }

    @Override
    public void put(String key, Path file) {
        delegate.put(key, file);
    }

    @Override
    public void put(String key, InputStream in, long size) {
        delegate.put(key, in, size);
    }

    @Override
    public byte[] get(String key) {
        reads.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public InputStream open(String key) {
        reads.incrementAndGet();
        return delegate.open(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        reads.incrementAndGet();
        return delegate.open(key, offset, length);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        long size = statSize.get();
        return delegate.stat(key).map(info -> size < 0 ? info
                : new BlobInfo(info.key(), size, info.contentType(), info.lastModified(), info.etag()));
    }

    @Override
    public void download(String key, Path target) {
        reads.incrementAndGet();
        delegate.download(key, target);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public int deletePrefix(String prefix) {
        return delegate.deletePrefix(prefix);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
