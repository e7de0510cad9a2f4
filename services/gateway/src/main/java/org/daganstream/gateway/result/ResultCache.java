package org.daganstream.gateway.result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import org.daganstream.common.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of result videos, so browsers can seek (HTTP range requests) without one object-store request per
 * seek, and so the size is known for {@code Content-Range}. Each object is downloaded once (concurrent requests share
 * the download) into a private folder; the least recently used copies are deleted when the total passes the size
 * bound. A version (the result's finish time) is part of the identity, so a job that ran again is fetched again.
 * Thread-safe; downloads run on the given executor.
 */
public final class ResultCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);

    private final BlobStore blobs;
    private final Path dir;
    private final long maxBytes;
    private final Executor executor;
    private final Runnable onDownload;
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<String, CompletableFuture<CachedResult>> entries = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param parent     folder under which a private, fresh folder is created (and deleted on close)
     * @param onDownload told about every download from object storage (metrics)
     */
    public ResultCache(BlobStore blobs, Path parent, long maxBytes, Executor executor, Runnable onDownload) {
        this.blobs = blobs;
        this.onDownload = onDownload;
        this.maxBytes = maxBytes;
        this.executor = executor;
        try {
            Files.createDirectories(parent);
            this.dir = Files.createTempDirectory(parent, "dagan-gateway-results-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the result cache folder under " + parent
                    + " (gateway.result.cache.dir): " + e.getMessage(), e);
        }
    }

    /** The local copy of {@code key} at {@code version}, downloading it first if needed. */
    public CompletableFuture<CachedResult> fetch(String key, String version) {
        String id = key + "@" + version;
        CompletableFuture<CachedResult> download;
        synchronized (this) {
            CompletableFuture<CachedResult> known = entries.get(id);
            if (known != null) {
                return known;
            }
            download = new CompletableFuture<>();
            entries.put(id, download);
        }
        Path file = dir.resolve(fileName(id));
        try {
            executor.execute(() -> {
                try {
                    blobs.download(key, file);
                    onDownload.run();
                    download.complete(new CachedResult(file, Files.size(file)));
                    evictBeyondBound(id);
                } catch (IOException | RuntimeException e) {
                    forget(id, download);
                    download.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            forget(id, download);
            download.completeExceptionally(e);
        }
        return download;
    }

    /** Number of bytes held locally. */
    public synchronized long bytes() {
        return entries.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .mapToLong(f -> f.join().size()).sum();
    }

    public Path dir() {
        return dir;
    }

    private synchronized void forget(String id, CompletableFuture<CachedResult> download) {
        entries.remove(id, download);
    }

    /** Deletes least recently used copies until the total fits, never the one just downloaded. */
    private void evictBeyondBound(String keep) {
        synchronized (this) {
            long total = bytes();
            Iterator<Map.Entry<String, CompletableFuture<CachedResult>>> it = entries.entrySet().iterator();
            while (total > maxBytes && it.hasNext()) {
                Map.Entry<String, CompletableFuture<CachedResult>> eldest = it.next();
                CompletableFuture<CachedResult> f = eldest.getValue();
                if (eldest.getKey().equals(keep) || !f.isDone() || f.isCompletedExceptionally()) {
                    continue;
                }
                CachedResult cached = f.join();
                it.remove();
                total -= cached.size();
                deleteQuietly(cached.file());
            }
        }
    }

    private static String fileName(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".bin";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("deleting cached result {}: {}", file, e.toString());
        }
    }

    /** Deletes the folder and every copy in it. */
    @Override
    public void close() {
        synchronized (this) {
            entries.clear();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(ResultCache::deleteQuietly);
        } catch (IOException e) {
            LOG.debug("deleting result cache {}: {}", dir, e.toString());
        }
    }
}
