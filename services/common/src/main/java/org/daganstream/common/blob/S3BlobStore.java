package org.daganstream.common.blob;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.messages.Item;
import okhttp3.OkHttpClient;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.retry.Retry;
import org.daganstream.common.retry.RetryExhaustedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobStore} on the MinIO Java client, for MinIO, AWS S3 and other S3-compatible servers. The client's own
 * status-code retry is replaced by one {@link Retry} policy (see {@link S3Errors#isTransient}) so retries are
 * bounded, jittered and logged in one place.
 */
public final class S3BlobStore implements BlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final int DELETE_BATCH = 1000;

    private final S3Settings settings;
    private final MinioClient client;
    private final Retry retry;

    public S3BlobStore(S3Settings settings) {
        this.settings = settings;
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint().toString())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .httpClient(http, true)
                .build();
        this.retry = Retry.builder("s3")
                .maxAttempts(settings.maxAttempts())
                .backoff(settings.backoff())
                .retryOn(S3Errors::isTransient)
                .build();
    }

    /** Reads {@code s3.*} keys; see {@link S3Settings} for the list and defaults. */
    public static S3BlobStore fromConfig(DaganConfig config) {
        return new S3BlobStore(S3Settings.fromConfig(config));
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public String bucket() {
        return settings.bucket();
    }

    @Override
    public void ensureBucket() {
        withRetry("ensure bucket", "", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).region(settings.region()).build());
                    LOG.info("created bucket {} at {}", bucket(), settings.endpoint());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse() == null ? "" : e.errorResponse().code();
                    // Another replica created it between our check and our create: that is what we wanted.
                    if (!code.equals("BucketAlreadyOwnedByYou") && !code.equals("BucketAlreadyExists")) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void put(String key, byte[] data) {
        checkKey(key);
        withRetry("put", key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket()).object(key).data(data, data.length).contentType(OCTET_STREAM).build()));
    }

    @Override
    public void put(String key, Path file) {
        checkKey(key);
        if (!Files.isRegularFile(file)) {
            throw new BlobStoreException("cannot upload " + file + " to s3://" + bucket() + "/" + key + ": not a readable file");
        }
        withRetry("upload", key, () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(bucket()).object(key).filename(file.toString(), settings.partSize())
                .contentType(OCTET_STREAM).build()));
    }

    @Override
    public void put(String key, InputStream in, long size) {
        checkKey(key);
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket()).object(key)
                    .stream(in, size < 0 ? null : size, size >= 0 && size < settings.partSize() ? null : settings.partSize())
                    .contentType(OCTET_STREAM).build());
        } catch (Exception e) {
            throw translate("put stream", key, e);
        }
    }

    @Override
    public byte[] get(String key) {
        checkKey(key);
        return withRetry("get", key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public InputStream open(String key) {
        checkKey(key);
        return withRetry("open", key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build()));
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        checkKey(key);
        BlobRanges.check(key, offset, length);
        if (length == 0) {
            // S3 has no empty range; answer from the metadata instead.
            BlobInfo info = stat(key).orElseThrow(() -> new BlobNotFoundException(bucket(), key));
            if (offset > info.size()) {
                throw BlobRanges.beyondEnd(bucket(), key, offset, length, info.size());
            }
            return InputStream.nullInputStream();
        }
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket()).object(key).offset(offset);
        if (!BlobRanges.toEnd(offset, length)) {
            args.length(length);
        }
        GetObjectArgs request = args.build();
        // A range starting at or past the end is answered 416 InvalidRange: permanent, so not retried.
        return withRetry("open " + BlobRanges.describe(offset, length) + " of", key, () -> client.getObject(request));
    }

    @Override
    public void download(String key, Path target) {
        checkKey(key);
        Path dir = target.toAbsolutePath().getParent();
        withRetry("download", key, () -> {
            Path tmp = Files.createTempFile(dir, ".download-", ".part");
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                // Rename so readers never see a half-written file.
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return null;
        });
    }

    @Override
    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        checkKey(key);
        return withRetry("stat", key, () -> {
            try {
                return Optional.of(info(key, client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build())));
            } catch (ErrorResponseException e) {
                if (S3Errors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void delete(String key) {
        checkKey(key);
        withRetry("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
            return null;
        });
    }

    @Override
    public List<String> list(String prefix) {
        return withRetry("list", prefix + "*", () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket()).prefix(prefix).recursive(true).build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            keys.sort(null);
            return keys;
        });
    }

    @Override
    public int deletePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete with an empty prefix (it would empty bucket " + bucket() + ")");
        }
        List<String> keys = list(prefix);
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<DeleteRequest.Object> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(DeleteRequest.Object::new).toList();
            withRetry("delete prefix", prefix + "*", () -> {
                // The result iterable is lazy: iterating it is what sends the request.
                for (Result<DeleteResult.Error> r : client.removeObjects(
                        RemoveObjectsArgs.builder().bucket(bucket()).objects(batch).build())) {
                    DeleteResult.Error error = r.get();
                    throw new BlobStoreException("s3 delete of s3://" + bucket() + "/" + error.objectName()
                            + " failed: " + error.code() + ": " + error.message());
                }
                return null;
            });
        }
        return keys.size();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("closing S3 client: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + settings.endpoint() + "/" + bucket() + "]";
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private <T> T withRetry(String operation, String key, Retry.Attempt<T> attempt) {
        try {
            return retry.call(operation + " " + where(key), attempt);
        } catch (RuntimeException e) {
            throw translate(operation, key, e);
        }
    }

    private RuntimeException translate(String operation, String key, Exception e) {
        if (e instanceof BlobStoreException b) {
            return b;
        }
        Throwable cause = e instanceof Retry.PermanentFailureException ? e.getCause() : e;
        if (S3Errors.isNotFound(cause)) {
            return new BlobNotFoundException(bucket(), key, cause);
        }
        if (e instanceof RetryExhaustedException exhausted) {
            return new BlobStoreException(exhausted.getMessage(), exhausted);
        }
        return new BlobStoreException("s3 " + operation + " " + where(key) + " failed: " + S3Errors.describe(cause), cause);
    }

    private static BlobInfo info(String key, StatObjectResponse stat) {
        String contentType = stat.contentType();
        // Every S3 server sends Last-Modified and ETag; the fallbacks only keep a non-conforming one usable.
        Instant modified = stat.lastModified() == null ? Instant.EPOCH : stat.lastModified().toInstant();
        return new BlobInfo(key, stat.size(),
                Optional.ofNullable(contentType).filter(type -> !type.isBlank()),
                modified, stat.etag() == null ? "" : stat.etag());
    }

    private String where(String key) {
        return "s3://" + bucket() + "/" + key;
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("invalid blob key '" + key + "': must be non-empty and not start with '/'");
        }
    }
}
