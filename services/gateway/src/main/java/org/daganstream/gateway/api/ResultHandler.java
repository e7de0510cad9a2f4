package org.daganstream.gateway.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.daganstream.avro.OutputFormat;
import org.daganstream.gateway.result.ByteRange;
import org.daganstream.gateway.result.CachedResult;
import org.daganstream.gateway.result.ResultCache;
import org.daganstream.gateway.view.JobSnapshot;

/**
 * {@code GET|HEAD /api/jobs/{id}/result}: the result video ({@code video/mp4}) with range support, so players can
 * seek: {@code Accept-Ranges}, {@code 206} with {@code Content-Range} for a single range, {@code 416} for a range
 * beyond the end, a strong {@code ETag} (per job run) for {@code If-Range} and {@code If-None-Match}. 404 for an
 * unknown job; 409 while the job runs, when it failed, or when it produced PNG frames instead of a video.
 * {@code ?download=1} asks the browser to save the file instead of playing it.
 */
public final class ResultHandler {

    public static final String VIDEO_MP4 = "video/mp4";

    private final QueryHandlers queries;
    private final ResultCache cache;
    private final ApiResponses responses;

    public ResultHandler(QueryHandlers queries, ResultCache cache, ApiResponses responses) {
        this.queries = queries;
        this.cache = cache;
        this.responses = responses;
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
        cache.fetch(videoKey, etag).whenComplete((file, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                responses.error(ctx, new ApiException(503, "reading the result of job " + jobId
                        + " from object storage failed: " + ApiResponses.unwrap(error).getMessage(), error));
            } else {
                send(ctx, jobId, etag, file);
            }
        }));
    }

    private void send(RoutingContext ctx, String jobId, String etag, CachedResult file) {
        HttpServerResponse response = ctx.response();
        String ifRange = ctx.request().getHeader("if-range");
        String rangeHeader = ifRange == null || ifRange.equals(etag) ? ctx.request().getHeader("range") : null;
        ByteRange range;
        try {
            range = ByteRange.parse(rangeHeader, file.size());
        } catch (ByteRange.NotSatisfiableException e) {
            response.putHeader("content-range", "bytes */" + file.size());
            responses.error(ctx, 416, e.getMessage());
            return;
        }
        boolean download = "1".equals(ctx.request().getParam("download")) || "true".equals(ctx.request().getParam("download"));
        response.putHeader("content-type", VIDEO_MP4)
                .putHeader("accept-ranges", "bytes")
                .putHeader("etag", etag)
                .putHeader("cache-control", "private, max-age=3600")
                .putHeader("content-disposition", (download ? "attachment" : "inline") + "; filename=\"" + jobId + ".mp4\"");
        long offset = range == null ? 0 : range.start();
        long length = range == null ? file.size() : range.length();
        if (range != null) {
            response.setStatusCode(206).putHeader("content-range", range.contentRange(file.size()));
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("content-length", Long.toString(length)).end();
            return;
        }
        response.sendFile(file.file().toString(), offset, length).onFailure(e -> {
            if (!response.headWritten()) {
                responses.error(ctx, new ApiException(503, "sending the result of job " + jobId + " failed: "
                        + e.getMessage(), e));
            }
        });
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
