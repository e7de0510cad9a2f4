package org.daganstream.worker.depth;

import java.util.Map;

import io.vertx.core.Vertx;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.worker.StageDefinition;
import org.daganstream.worker.StageWorker;

/**
 * The depth stage: {@code dagan.frames.decoded} -&gt; {@code depth.onnx} -&gt; {@code dagan.frames.depth}. Start it
 * in-process with {@link #start(DaganConfig)}; {@link DepthWorkerMain} runs it as a service.
 */
public final class DepthWorker {

    /** Stage name: key in {@code stageTimestamps}, stage of dead letters, {@code worker.depth.*} section. */
    public static final String NAME = "depth";

    public static final StageDefinition STAGE =
            new StageDefinition(NAME, Topics.FRAMES_DECODED, Topics.FRAMES_DEPTH, DepthProcessor::new);

    /** Defaults a standalone service starts from (below the properties file and environment). */
    public static final Map<String, String> DEFAULTS = Map.of("http.port", "8080");

    private DepthWorker() {
    }

    /** Starts the stage with its own Vert.x instance; close the result to stop it gracefully. */
    public static StageWorker start(DaganConfig config) {
        return StageWorker.start(config, STAGE);
    }

    /** Starts the stage on a shared Vert.x instance (embedded runs). */
    public static StageWorker start(DaganConfig config, Vertx vertx) {
        return StageWorker.start(config, STAGE, vertx);
    }
}
