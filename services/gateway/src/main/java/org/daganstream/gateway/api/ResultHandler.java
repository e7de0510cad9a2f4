package org.daganstream.gateway.api;

import java.io.InputStream;
import java.util.Optional;

import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.daganstream.avro.OutputFormat;
import org.daganstream.common.blob.BlobInfo;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.gateway.GatewayMetrics;
import org.daganstream.gateway.result.BlockingReadStream;
import org.daganstream.gateway.result.ByteRange;
import org.daganstream.gateway.view.JobSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /api/jobs/{id}/result}: the result video ({@code video/mp4}) with range support, so players can
 * seek: {@code Accept-Ranges}, {@code 206} with {@code Content-Range} for a single range, {@code 416} for a range
 * beyond the end, a strong {@code ETag} (per job run) for {@code If-Range} and {@code If-None-Match}. 404 for an
 * unknown job; 409 while the job runs, when it failed, or when it produced PNG frames instead of a video; 410 when
 * the video is no longer in object storage. {@code ?download=1} asks the browser to save the file instead of
 * playing it.
 *
 * <p>Served straight from object storage: the size comes from {@link BlobStore#stat}, the requested bytes from a
 * ranged {@link BlobStore#open(String, long, long)}, piped to the response with flow control
 * ({@link BlockingReadStream}), so nothing is copied to local disk and a seek costs one ranged read.
 */
public final class ResultHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ResultHandler.class);

    public static final String VIDEO_MP4 = "video/mp4";

    private final QueryHandlers queries;
    private final BlobStore blobs;
    private final Blocking blocking;
    private final ApiResponses responses;
    private final GatewayMetrics metrics;

    public ResultHandler(QueryHandlers queries, BlobStore blobs, Blocking blocking, ApiResponses responses,
                         GatewayMetrics metrics) {
        this.queries = queries;
        this.blobs = blobs;
        this.blocking = blocking;
        this.responses = responses;
        this.metrics = metrics;
    }

    public void handle(RoutingContext ctx) {
        String jobId = ctx.pathParam("id");
        JobSnapshot job = queries.find(jobId);
        if (job == null) {
            responses.error(ctx, QueryHandlers.unknown(jobId));
            return;
        }
        String videoKey = job.videoKey();
        if (videoKey == null) {
            responses.error(ctx, ApiException.conflict(whyNoVideo(job)));
            return;
        }
        String etag = "\"" + jobId + "-" + job.result().getFinishedAt().toEpochMilli() + "\"";
        if (etag.equals(ctx.request().getHeader("if-none-match"))) {
            ctx.response().setStatusCode(304).putHeader("etag", etag).end();
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        blocking.run(context, () -> blobs.stat(videoKey)).onComplete(stat -> {
            if (stat.failed()) {
                responses.error(ctx, readFailed(jobId, stat.cause()));
                return;
            }
            Optional<BlobInfo> info = stat.result();
            if (info.isEmpty()) {
                responses.error(ctx, new ApiException(410, "the result video of job " + jobId + " is no longer in"
                        + " object storage (s3://" + blobs.bucket() + "/" + videoKey + "); submit the job again"));
                return;
            }
            respond(ctx, context, jobId, etag, videoKey, info.get().size());
        });
    }

    private void respond(RoutingContext ctx, Context context, String jobId, String etag, String videoKey, long size) {
        String ifRange = ctx.request().getHeader("if-range");
        String rangeHeader = ifRange == null || ifRange.equals(etag) ? ctx.request().getHeader("range") : null;
        ByteRange range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.NotSatisfiableException e) {
            ctx.response().putHeader("content-range", "bytes */" + size);
            responses.error(ctx, 416, e.getMessage());
            return;
        }
        long offset = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        if (ctx.request().method() == HttpMethod.HEAD || length == 0) {
            putHeaders(ctx, jobId, etag, range, size, length).end();
            return;
        }
        blocking.run(context, () -> blobs.open(videoKey, offset, length)).onComplete(open -> {
            if (open.failed()) {
                responses.error(ctx, readFailed(jobId, open.cause()));
            } else if (ctx.response().closed()) {
                // The client went away while the read was being opened.
                new BlockingReadStream(open.result(), length, context, blocking.pool()).close();
            } else {
                metrics.resultRead();
                stream(ctx, context, jobId, putHeaders(ctx, jobId, etag, range, size, length), open.result(), length);
            }
        });
    }

    private HttpServerResponse putHeaders(RoutingContext ctx, String jobId, String etag, ByteRange range, long size,
                                          long length) {
        boolean download = "1".equals(ctx.request().getParam("download")) || "true".equals(ctx.request().getParam("download"));
        HttpServerResponse response = ctx.response()
                .putHeader("content-type", VIDEO_MP4)
                .putHeader("accept-ranges", "bytes")
                .putHeader("etag", etag)
                .putHeader("cache-control", "private, max-age=3600")
                .putHeader("content-disposition", (download ? "attachment" : "inline") + "; filename=\"" + jobId + ".mp4\"")
                .putHeader("content-length", Long.toString(length));
        if (range != null) {
            response.setStatusCode(206).putHeader("content-range", range.contentRange(size));
        }
        return response;
    }

    /** Pipes the object's bytes to the client; the pipe pauses reading while the client's socket is full. */
    private void stream(RoutingContext ctx, Context context, String jobId, HttpServerResponse response, InputStream in,
                        long length) {
        BlockingReadStream body = new BlockingReadStream(in, length, context, blocking.pool());
        response.closeHandler(v -> body.close());
        body.pipe().endOnFailure(false).to(response).onComplete(sent -> {
            body.close();
            if (sent.succeeded() || response.closed()) {
                return;
            }
            if (!response.headWritten()) {
                for (String header : new String[] {"content-length", "content-range", "content-disposition", "etag",
                        "accept-ranges", "cache-control"}) {
                    response.headers().remove(header);
                }
                responses.error(ctx, readFailed(jobId, sent.cause()));
            } else {
                // Part of the body is out: only a broken connection tells the client the video is incomplete.
                LOG.warn("sending the result of job {} failed after {} bytes: {}", jobId, response.bytesWritten(),
                        sent.cause().toString());
                response.reset();
            }
        });
    }

    private static ApiException readFailed(String jobId, Throwable error) {
        Throwable cause = ApiResponses.unwrap(error);
        if (cause instanceof ApiException api) {
            return api; // e.g. the blob pool is full: already a 503 with advice
        }
        return new ApiException(503, "reading the result of job " + jobId + " from object storage failed: "
                + cause.getMessage(), cause);
    }

    static String whyNoVideo(JobSnapshot job) {
        String id = job.jobId();
        if (!job.finished()) {
            return "job " + id + " is not finished yet (state " + job.state() + ", " + job.framesDone() + " of "
                    + job.frameCount() + " frames); follow its events and fetch the result when it succeeded";
        }
        if (!job.succeeded()) {
            String reason = job.reason();
            return "job " + id + " failed" + (reason == null ? "" : ": " + reason) + "; there is no result";
        }
        if (job.result().getFramesPrefix() != null) {
            return "job " + id + " produced PNG frames (outputFormat " + OutputFormat.PNG_FRAMES + ") under "
                    + job.result().getFramesPrefix() + " instead of a video";
        }
        return "job " + id + " succeeded but its result names no video";
    }
}
