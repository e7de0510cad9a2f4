package org.daganstream.gateway.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.ObjectRef;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.gateway.GatewayMetrics;
import org.daganstream.gateway.GatewaySettings;
import org.daganstream.gateway.submit.InputNotFoundException;
import org.daganstream.gateway.submit.InvalidRequestException;
import org.daganstream.gateway.submit.JobIds;
import org.daganstream.gateway.submit.JobSubmitter;
import org.daganstream.gateway.submit.KeysRequest;
import org.daganstream.gateway.submit.OptionsParser;
import org.daganstream.gateway.upload.MultipartReceiver;
import org.daganstream.gateway.upload.ReceivedJob;
import org.daganstream.gateway.upload.UploadCleaner;
import org.daganstream.gateway.view.JobSnapshot;
import org.daganstream.gateway.view.JobView;

/**
 * {@code POST /api/jobs}: a multipart upload of the two files, or a JSON body naming objects already stored. Both
 * answer 202 with the job's links once the job is on the jobs topic.
 */
public final class SubmitHandlers {

    /** Room for multipart boundaries, headers and option fields around the two files. */
    private static final long FORM_OVERHEAD = 1024 * 1024;

    private final GatewaySettings settings;
    private final BlobStore blobs;
    private final ExecutorService uploadPool;
    private final UploadCleaner cleaner;
    private final Blocking blocking;
    private final JobIds ids;
    private final JobSubmitter submitter;
    private final JobView view;
    private final JobJson json;
    private final ApiResponses responses;
    private final GatewayMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    public SubmitHandlers(GatewaySettings settings, BlobStore blobs, ExecutorService uploadPool, Blocking blocking,
                          JobIds ids, JobSubmitter submitter, JobView view, JobJson json, ApiResponses responses,
                          GatewayMetrics metrics) {
        this.settings = settings;
        this.blobs = blobs;
        this.uploadPool = uploadPool;
        this.cleaner = new UploadCleaner(blobs, blocking.pool());
        this.blocking = blocking;
        this.ids = ids;
        this.submitter = submitter;
        this.view = view;
        this.json = json;
        this.responses = responses;
        this.metrics = metrics;
    }

    /** {@code multipart/form-data} with files {@code source} and {@code driving} and option fields. */
    public void upload(RoutingContext ctx) {
        if (refuseWhileDraining(ctx)) {
            return;
        }
        String declared = ctx.request().getHeader("content-length");
        long allowed = settings.maxSourceBytes() + settings.maxUploadBytes() + FORM_OVERHEAD;
        if (declared != null && parseLength(declared) > allowed) {
            responses.error(ctx, 413, "the request has " + declared + " bytes; the two files may have at most "
                    + settings.maxSourceBytes() + " (source, gateway.max.source.bytes) and " + settings.maxUploadBytes()
                    + " (driving, gateway.max.upload.bytes) bytes");
            return;
        }
        continueIfExpected(ctx);
        Context context = ctx.vertx().getOrCreateContext();
        String jobId = ids.next();
        inFlight.incrementAndGet();
        new MultipartReceiver(ctx.request(), context, jobId, blobs, uploadPool, cleaner, settings,
                metrics::stored)
                .receive()
                .compose(received -> submitUploaded(context, received))
                .onComplete(done -> inFlight.decrementAndGet())
                .onSuccess(job -> {
                    metrics.submitted("upload");
                    accepted(ctx, job);
                })
                .onFailure(e -> responses.error(ctx, e));
    }

    private Future<JobSnapshot> submitUploaded(Context context, ReceivedJob received) {
        JobOptions options;
        try {
            options = OptionsParser.fromForm(received.form());
        } catch (InvalidRequestException e) {
            cleaner.deleteUploads(received.jobId());
            return Future.failedFuture(e);
        }
        return submitter.submit(context, received.jobId(), ref(received.source().key()), ref(received.driving().key()),
                        options, Optional.empty())
                .onFailure(e -> cleaner.deleteUploads(received.jobId()));
    }

    /** Clients such as curl wait for "100 Continue" before sending a large body; Vert.x leaves that to us. */
    private static void continueIfExpected(RoutingContext ctx) {
        if ("100-continue".equalsIgnoreCase(ctx.request().getHeader("expect"))) {
            ctx.response().writeContinue();
        }
    }

    /** {@code application/json}: {@code {"source": {"key": ...}, "driving": {"key": ...}, "options": {...}}}. */
    public void byKeys(RoutingContext ctx) {
        if (refuseWhileDraining(ctx)) {
            return;
        }
        KeysRequest request;
        try {
            request = KeysRequest.parse(body(ctx), blobs.bucket());
        } catch (InvalidRequestException e) {
            responses.error(ctx, e);
            return;
        }
        String jobId = request.jobId().orElseGet(ids::next);
        if (request.jobId().isPresent() && view.get(jobId).isPresent()) {
            responses.error(ctx, ApiException.conflict("job id '" + jobId + "' is already in use; choose another or"
                    + " omit jobId to get a new one"));
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        inFlight.incrementAndGet();
        blocking.run(context, () -> {
                    requireObject(KeysRequest.SOURCE, request.source());
                    requireObject(KeysRequest.DRIVING, request.driving());
                    return null;
                })
                .compose(v -> submitter.submit(context, jobId, request.source(), request.driving(), request.options(),
                        request.modelBundleId()))
                .onComplete(done -> inFlight.decrementAndGet())
                .onSuccess(job -> {
                    metrics.submitted("keys");
                    accepted(ctx, job);
                })
                .onFailure(e -> responses.error(ctx, e));
    }

    /**
     * Stops taking submissions and waits (bounded) for those in progress to be published or refused, so a shutdown
     * does not cut an upload off halfway. Called from the service's close, not from an event loop.
     */
    public void drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private boolean refuseWhileDraining(RoutingContext ctx) {
        if (draining) {
            responses.error(ctx, ApiException.unavailable("the gateway is shutting down; submit the job again"));
            return true;
        }
        return false;
    }

    private void requireObject(String field, ObjectRef ref) {
        if (!blobs.exists(ref.getKey())) {
            throw new InputNotFoundException("object s3://" + ref.getBucket() + "/" + ref.getKey() + " named by field '"
                    + field + "' does not exist");
        }
    }

    private void accepted(RoutingContext ctx, JobSnapshot job) {
        JsonObject body = json.of(job);
        ctx.response().putHeader("location", body.getString("statusUrl"));
        responses.json(ctx, 202, body);
    }

    private static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw new InvalidRequestException("the request body is empty; send a JSON object with fields source and"
                    + " driving, or a multipart form with files source and driving");
        }
        try {
            JsonObject object = ctx.body().asJsonObject();
            if (object == null) {
                throw new InvalidRequestException("the request body is JSON null; send a JSON object");
            }
            return object;
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidRequestException("the request body is not a JSON object: " + e.getMessage());
        }
    }

    private ObjectRef ref(String key) {
        return ObjectRef.newBuilder().setBucket(blobs.bucket()).setKey(key).build();
    }

    private static long parseLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
