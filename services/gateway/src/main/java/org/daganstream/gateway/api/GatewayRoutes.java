package org.daganstream.gateway.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Every route of the gateway besides health and metrics: the JSON API under {@code /api} and the web page (static
 * files from the {@code webroot} resource folder) everywhere else.
 */
public final class GatewayRoutes {

    /** The page loads only its own files and talks only to this origin. */
    private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final SubmitHandlers submit;
    private final QueryHandlers queries;
    private final EventsHandler events;
    private final ResultHandler result;
    private final ApiResponses responses;
    private final long maxJsonBytes;

    public GatewayRoutes(SubmitHandlers submit, QueryHandlers queries, EventsHandler events, ResultHandler result,
                         ApiResponses responses, long maxJsonBytes) {
        this.submit = submit;
        this.queries = queries;
        this.events = events;
        this.result = result;
        this.responses = responses;
        this.maxJsonBytes = maxJsonBytes;
    }

    public void install(Router router) {
        router.post("/api/jobs").consumes("multipart/form-data").handler(submit::upload);
        router.post("/api/jobs").consumes("application/json")
                .handler(BodyHandler.create(false).setBodyLimit(maxJsonBytes))
                .handler(submit::byKeys);
        router.post("/api/jobs").handler(ctx -> responses.error(ctx, 415, "send the job as multipart/form-data"
                + " (files source and driving) or as application/json (object keys); got content type "
                + describe(ctx.request().getHeader("content-type"))));
        router.get("/api/jobs").handler(queries::list);
        router.get("/api/jobs/:id").handler(queries::get);
        router.get("/api/jobs/:id/events").handler(events::handle);
        router.route(HttpMethod.GET, "/api/jobs/:id/result").handler(result::handle);
        router.route(HttpMethod.HEAD, "/api/jobs/:id/result").handler(result::handle);
        router.route("/api/*").handler(ctx -> responses.error(ctx, 404, "no endpoint " + ctx.request().method()
                + " " + ctx.request().path() + "; see the gateway README for the API"));

        router.route().handler(this::pageHeaders);
        router.route().handler(StaticHandler.create("webroot").setIndexPage("index.html").setCachingEnabled(false));

        router.errorHandler(400, ctx -> failed(ctx, 400, "the request could not be read"));
        router.errorHandler(413, ctx -> failed(ctx, 413, "the JSON body is larger than " + maxJsonBytes
                + " bytes (gateway.max.json.bytes)"));
        router.errorHandler(500, ctx -> failed(ctx, 500, null));
    }

    private void pageHeaders(RoutingContext ctx) {
        ctx.response().putHeader("content-security-policy", PAGE_POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer");
        ctx.next();
    }

    private void failed(RoutingContext ctx, int status, String message) {
        if (ctx.failure() != null && !(ctx.failure() instanceof io.vertx.ext.web.handler.HttpException)) {
            responses.error(ctx, ctx.failure());
        } else {
            responses.error(ctx, status, message != null ? message : "internal error");
        }
    }

    private static String describe(String contentType) {
        return contentType == null ? "none" : "'" + (contentType.length() > 80 ? contentType.substring(0, 77) + "..." : contentType) + "'";
    }
}
