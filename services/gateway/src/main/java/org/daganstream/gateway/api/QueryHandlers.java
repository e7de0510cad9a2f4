package org.daganstream.gateway.api;

import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.daganstream.avro.JobState;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.gateway.view.JobSnapshot;
import org.daganstream.gateway.view.JobView;

/** {@code GET /api/jobs} (recent jobs, optionally of one state) and {@code GET /api/jobs/{id}}. */
public final class QueryHandlers {

    private static final int MAX_LIMIT = 1000;

    private final JobView view;
    private final JobJson json;
    private final ApiResponses responses;
    private final int defaultLimit;

    public QueryHandlers(JobView view, JobJson json, ApiResponses responses, int defaultLimit) {
        this.view = view;
        this.json = json;
        this.responses = responses;
        this.defaultLimit = defaultLimit;
    }

    /** {@code ?limit=N} (1..1000) and {@code ?state=PROCESSING} are optional. */
    public void list(RoutingContext ctx) {
        int limit;
        JobState state;
        try {
            limit = limit(ctx.request().getParam("limit"));
            state = state(ctx.request().getParam("state"));
        } catch (ApiException e) {
            responses.error(ctx, e);
            return;
        }
        List<JobSnapshot> jobs = state == null ? view.recent(limit)
                : view.recent(view.capacity()).stream().filter(j -> j.state() == state).limit(limit).toList();
        JsonArray array = new JsonArray();
        jobs.forEach(job -> array.add(json.of(job)));
        responses.json(ctx, 200, new JsonObject().put("jobs", array).put("count", array.size())
                .put("held", view.size()));
    }

    public void get(RoutingContext ctx) {
        String jobId = ctx.pathParam("id");
        JobSnapshot job = find(jobId);
        if (job == null) {
            responses.error(ctx, unknown(jobId));
            return;
        }
        responses.json(ctx, 200, json.of(job));
    }

    /** The job, or null when the id is invalid or unknown. */
    JobSnapshot find(String jobId) {
        return BlobKeys.isValidJobId(jobId) ? view.get(jobId).orElse(null) : null;
    }

    static ApiException unknown(String jobId) {
        String shown = jobId == null ? "" : (jobId.length() > 130 ? jobId.substring(0, 127) + "..." : jobId);
        return ApiException.notFound("no job '" + shown + "' is known to this gateway");
    }

    private int limit(String text) {
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ApiException(400, "query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT
                + ", got '" + text + "'");
    }

    private static JobState state(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JobState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "query parameter 'state' must be one of " + List.of(JobState.values())
                    + ", got '" + text + "'");
        }
    }
}
