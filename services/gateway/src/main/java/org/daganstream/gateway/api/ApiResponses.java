package org.daganstream.gateway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.daganstream.gateway.GatewayMetrics;
import org.daganstream.gateway.result.ByteRange;
import org.daganstream.gateway.submit.InputNotFoundException;
import org.daganstream.gateway.submit.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON answers and the one mapping from failures to status codes: {@code {"status": 400, "error": "..."}}. */
public final class ApiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);
    public static final String JSON = "application/json";

    private final GatewayMetrics metrics;

    public ApiResponses(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", JSON).putHeader("cache-control", "no-store")
                .end(body.encode());
    }

    /** Answers with the status that fits {@code error}; unexpected errors are logged and shown without detail. */
    public void error(RoutingContext ctx, Throwable error) {
        Throwable e = unwrap(error);
        int status = statusOf(e);
        String message;
        if (status == 500) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
            message = "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } else {
            message = e.getMessage();
        }
        error(ctx, status, message);
    }

    public void error(RoutingContext ctx, int status, String message) {
        metrics.refused(status);
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (status == 413 || status == 503) {
            // The client may still be sending: let it know the connection will not be reused.
            ctx.response().putHeader("connection", "close");
        }
        json(ctx, status, new JsonObject().put("status", status).put("error", message));
    }

    static int statusOf(Throwable e) {
        if (e instanceof ApiException api) {
            return api.status();
        }
        if (e instanceof InvalidRequestException) {
            return 400;
        }
        if (e instanceof InputNotFoundException) {
            return 404;
        }
        if (e instanceof ByteRange.NotSatisfiableException) {
            return 416;
        }
        return 500;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
