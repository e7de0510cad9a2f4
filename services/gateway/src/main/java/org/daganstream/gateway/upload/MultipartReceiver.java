package org.daganstream.gateway.upload;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.gateway.GatewaySettings;
import org.daganstream.gateway.api.ApiException;
import org.daganstream.gateway.submit.InvalidRequestException;
import org.daganstream.gateway.submit.OptionsParser;
import org.daganstream.gateway.submit.UploadNames;
import org.daganstream.gateway.submit.UploadNames.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one {@code multipart/form-data} job submission: streams the {@code source} and {@code driving} files to
 * {@code uploads/{jobId}/...} while they arrive (each on a worker of a bounded pool), enforces the size limits as
 * bytes come in, and collects the text fields. After the first problem the rest of the body is read and dropped so
 * the client gets a proper answer; a client that keeps sending far beyond the limits is disconnected. Whenever the
 * submission fails, whatever it stored is deleted. Create one per request, on the request's context.
 */
public final class MultipartReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(MultipartReceiver.class);

    private final HttpServerRequest request;
    private final Context context;
    private final String jobId;
    private final BlobStore blobs;
    private final ExecutorService uploadPool;
    private final UploadCleaner cleaner;
    private final GatewaySettings settings;
    private final UploadListener listener;
    private final Map<Role, Future<StoredUpload>> pending = new EnumMap<>(Role.class);
    private final List<UploadStream> streams = new ArrayList<>();
    private final Promise<ReceivedJob> result = Promise.promise();

    private ApiException failure;
    private long discarded;
    private boolean finished;

    /** Told about bytes stored, for metrics. */
    @FunctionalInterface
    public interface UploadListener {
        void stored(StoredUpload upload);
    }

    public MultipartReceiver(HttpServerRequest request, Context context, String jobId, BlobStore blobs,
                             ExecutorService uploadPool, UploadCleaner cleaner, GatewaySettings settings,
                             UploadListener listener) {
        this.request = request;
        this.context = context;
        this.jobId = BlobKeys.jobId(jobId);
        this.blobs = blobs;
        this.uploadPool = uploadPool;
        this.cleaner = cleaner;
        this.settings = settings;
        this.listener = listener;
    }

    /** Starts reading the body; completes with the stored files, or fails with an {@link ApiException}. */
    public Future<ReceivedJob> receive() {
        request.setExpectMultipart(true);
        request.uploadHandler(this::onUpload);
        request.exceptionHandler(error -> abort("the upload was interrupted: " + error.getMessage()));
        request.response().closeHandler(v -> abort("the client closed the connection before the upload finished"));
        request.endHandler(v -> onEnd());
        request.resume();
        return result.future();
    }

    private void onUpload(HttpServerFileUpload upload) {
        if (failure != null) {
            discard(upload);
            return;
        }
        Role role = Role.ofField(upload.name());
        if (role == null) {
            fail(new InvalidRequestException("unexpected file field '" + OptionsParser.abbreviate(upload.name())
                    + "'; send the face image as 'source' and the video as 'driving'"));
            discard(upload);
            return;
        }
        if (pending.containsKey(role)) {
            fail(new InvalidRequestException("field '" + role.field() + "' is given twice; send one file"));
            discard(upload);
            return;
        }
        String key;
        try {
            key = BlobKeys.upload(jobId, UploadNames.objectName(role, upload.filename(), upload.contentType()));
        } catch (InvalidRequestException e) {
            fail(e);
            discard(upload);
            return;
        }
        long limit = role == Role.SOURCE ? settings.maxSourceBytes() : settings.maxUploadBytes();
        UploadStream stream = new UploadStream(upload, context, settings.uploadIdleTimeout());
        streams.add(stream);
        long[] received = {0};
        upload.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > limit) {
                stream.fail("upload exceeds the size limit");
                fail(ApiException.tooLarge("field '" + role.field() + "' is larger than the limit of " + limit
                        + " bytes (" + (role == Role.SOURCE ? "gateway.max.source.bytes" : "gateway.max.upload.bytes") + ")"));
                discard(upload);
            } else {
                stream.offer(chunk);
            }
        });
        upload.endHandler(v -> stream.end());
        upload.exceptionHandler(error -> stream.fail("upload failed: " + error.getMessage()));
        String fileName = upload.filename();
        CompletableFuture<StoredUpload> stored;
        try {
            stored = CompletableFuture.supplyAsync(() -> {
                try (stream) {
                    blobs.put(key, stream, -1);
                }
                return new StoredUpload(role, key, received[0], fileName);
            }, uploadPool);
        } catch (RejectedExecutionException e) {
            stream.fail("no upload slot");
            fail(ApiException.unavailable("the gateway is receiving too many uploads at once; retry in a moment"));
            discard(upload);
            return;
        }
        pending.put(role, Future.fromCompletionStage(stored, context));
    }

    /** Reads and drops the rest of an upload; past a generous allowance the client is cut off. */
    private void discard(HttpServerFileUpload upload) {
        upload.handler(chunk -> {
            discarded += chunk.length();
            if (discarded > settings.maxUploadBytes()) {
                LOG.info("job {}: client keeps sending after the upload was refused; closing the connection", jobId);
                request.connection().close();
            }
        });
        upload.endHandler(v -> { });
        upload.exceptionHandler(error -> { });
    }

    private void onEnd() {
        List<Future<StoredUpload>> uploads = new ArrayList<>(pending.values());
        Future.join(uploads).onComplete(all -> {
            if (failure == null) {
                for (Future<StoredUpload> upload : uploads) {
                    if (upload.failed()) {
                        Throwable cause = upload.cause() instanceof java.util.concurrent.CompletionException c
                                && c.getCause() != null ? c.getCause() : upload.cause();
                        fail(new ApiException(503, "storing the upload in object storage failed: " + cause.getMessage(),
                                cause));
                    }
                }
            }
            if (failure == null) {
                try {
                    finish(checkComplete());
                    return;
                } catch (InvalidRequestException e) {
                    fail(e);
                }
            }
            finishFailed();
        });
    }

    private ReceivedJob checkComplete() {
        for (Role role : Role.values()) {
            if (!pending.containsKey(role)) {
                throw new InvalidRequestException("field '" + role.field() + "' is missing: send the "
                        + (role == Role.SOURCE ? "source face image" : "driving video") + " as a file field named '"
                        + role.field() + "'");
            }
        }
        Set<String> known = OptionsParser.formOptionNames();
        for (String name : request.formAttributes().names()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException("unknown form field '" + OptionsParser.abbreviate(name)
                        + "'; expected files source and driving and options " + String.join(", ", OptionsParser.FORM_OPTIONS));
            }
        }
        Map<Role, StoredUpload> files = new EnumMap<>(Role.class);
        pending.forEach((role, f) -> files.put(role, f.result()));
        for (StoredUpload file : files.values()) {
            if (file.bytes() == 0) {
                throw new InvalidRequestException("field '" + file.role().field() + "' is an empty file");
            }
        }
        files.values().forEach(listener::stored);
        return new ReceivedJob(jobId, files, request.formAttributes());
    }

    private void fail(RuntimeException error) {
        if (failure == null) {
            failure = error instanceof ApiException api ? api : new ApiException(400, error.getMessage(), error);
        }
    }

    /** The connection broke: stop the uploads in flight, clean up, and fail (no one is left to answer). */
    private void abort(String reason) {
        if (finished) {
            return;
        }
        fail(new ApiException(400, reason));
        finished = true;
        LOG.info("job {}: {}", jobId, reason);
        request.uploadHandler(null);
        streams.forEach(stream -> stream.fail(reason));
        Future.join(new ArrayList<>(pending.values())).onComplete(v -> cleanUp());
        result.tryFail(failure);
    }

    private void finish(ReceivedJob job) {
        if (!finished) {
            finished = true;
            result.tryComplete(job);
        }
    }

    private void finishFailed() {
        if (!finished) {
            finished = true;
            cleanUp();
            result.tryFail(failure);
        }
    }

    private void cleanUp() {
        if (!pending.isEmpty()) {
            cleaner.deleteUploads(jobId);
        }
    }
}
