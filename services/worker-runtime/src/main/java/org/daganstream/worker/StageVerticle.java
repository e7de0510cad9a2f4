package org.daganstream.worker;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Deploys a stage into Vert.x, so undeploying it, or closing the Vert.x instance it runs in (as an embedded run
 * does for every stage at once), stops it gracefully. Start only launches the consume and inference threads; stop
 * runs the blocking wind-down on a worker thread, never on the event loop.
 */
final class StageVerticle extends VerticleBase {

    private final StageRuntime runtime;

    StageVerticle(StageRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Future<?> start() {
        runtime.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            runtime.stop();
            return null;
        }, false);
    }
}
