package org.daganstream.gateway.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.daganstream.gateway.view.JobSnapshot;
import org.daganstream.gateway.view.JobView;

/**
 * {@code GET /api/jobs/{id}/events}: a server-sent event stream of one job. It starts with the current state,
 * sends a {@code progress} event for every change, and at the end a {@code result} event (success or failure)
 * after which the server closes the stream. Comment lines keep idle connections open through proxies.
 *
 * <pre>
 * event: progress
 * id: 17
 * data: {"jobId":"...","state":"PROCESSING","framesDone":12,"frameCount":40,...}
 * </pre>
 */
public final class EventsHandler {

    private final JobView view;
    private final JobJson json;
    private final ApiResponses responses;
    private final Duration keepAlive;
    private final QueryHandlers queries;
    private final AtomicInteger open = new AtomicInteger();

    public EventsHandler(JobView view, JobJson json, ApiResponses responses, Duration keepAlive, QueryHandlers queries) {
        this.view = view;
        this.json = json;
        this.responses = responses;
        this.keepAlive = keepAlive;
        this.queries = queries;
    }

    /** Streams open right now. */
    public int openStreams() {
        return open.get();
    }

    public void handle(RoutingContext ctx) {
        String jobId = ctx.pathParam("id");
        if (queries.find(jobId) == null) {
            responses.error(ctx, QueryHandlers.unknown(jobId));
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no");
        Stream stream = new Stream(ctx, response);
        // Subscribe before reading the current state, so no change can fall between the two.
        JobView.Subscription subscription = view.subscribe(jobId, snapshot -> context.runOnContext(v -> stream.send(snapshot)));
        long timer = ctx.vertx().setPeriodic(keepAlive.toMillis(), id -> stream.comment("keep-alive"));
        open.incrementAndGet();
        stream.onClose(() -> {
            subscription.close();
            ctx.vertx().cancelTimer(timer);
            open.decrementAndGet();
        });
        response.write("retry: 3000\n\n");
        view.get(jobId).ifPresentOrElse(stream::send, () -> stream.finish("event: gone\ndata: {}\n\n"));
    }

    /** One client's stream; every method runs on the request's context. */
    private final class Stream {
        private final RoutingContext ctx;
        private final HttpServerResponse response;
        private long lastVersion = -1;
        private boolean closed;
        private Runnable onClose = () -> { };

        Stream(RoutingContext ctx, HttpServerResponse response) {
            this.ctx = ctx;
            this.response = response;
            response.closeHandler(v -> close());
        }

        void onClose(Runnable action) {
            this.onClose = action;
            if (closed) {
                action.run();
            }
        }

        void send(JobSnapshot job) {
            if (closed || job.version() <= lastVersion) {
                return;
            }
            lastVersion = job.version();
            String event = job.finished() ? "result" : "progress";
            String frame = "event: " + event + "\nid: " + job.version() + "\ndata: " + json.of(job).encode() + "\n\n";
            if (job.finished()) {
                finish(frame);
            } else {
                write(frame);
            }
        }

        void comment(String text) {
            if (!closed) {
                write(": " + text + "\n\n");
            }
        }

        private void write(String frame) {
            // A client that reads slower than events come would fill memory: drop it, it reconnects and resyncs.
            if (response.writeQueueFull()) {
                ctx.request().connection().close();
                close();
                return;
            }
            response.write(frame);
        }

        void finish(String lastFrame) {
            if (closed) {
                return;
            }
            response.end(lastFrame);
            close();
        }

        private void close() {
            if (!closed) {
                closed = true;
                onClose.run();
            }
        }
    }
}
