package org.daganstream.gateway.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.Future;

/** Runs blocking work (object-store calls) on a bounded pool and brings the outcome back to a Vert.x context. */
public final class Blocking {

    private final ExecutorService pool;

    public Blocking(ExecutorService pool) {
        this.pool = pool;
    }

    /** A full pool answers 503 rather than queueing without bound. */
    public <T> Future<T> run(Context context, Supplier<T> work) {
        try {
            return Future.fromCompletionStage(CompletableFuture.supplyAsync(work, pool), context)
                    .recover(e -> Future.failedFuture(ApiResponses.unwrap(e)));
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(ApiException.unavailable("the gateway is busy; retry in a moment"));
        }
    }

    public ExecutorService pool() {
        return pool;
    }
}
