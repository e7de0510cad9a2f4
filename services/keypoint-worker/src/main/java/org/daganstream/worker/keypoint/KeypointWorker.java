package org.daganstream.worker.keypoint;

import java.util.Map;

import io.vertx.core.Vertx;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.worker.StageDefinition;
import org.daganstream.worker.StageWorker;

/**
 * The keypoint stage: {@code dagan.frames.depth} -&gt; {@code keypoints.onnx} -&gt; {@code dagan.frames.keypoints},
 * keypoints inline. Start it in-process with {@link #start(DaganConfig)}; {@link KeypointWorkerMain} runs it as a
 * service.
 */
public final class KeypointWorker {

    /** Stage name: key in {@code stageTimestamps}, stage of dead letters, {@code worker.keypoints.*} section. */
    public static final String NAME = "keypoints";

    public static final StageDefinition STAGE =
            new StageDefinition(NAME, Topics.FRAMES_DEPTH, Topics.FRAMES_KEYPOINTS, KeypointProcessor::new);

    /** Defaults a standalone service starts from (below the properties file and environment). */
    public static final Map<String, String> DEFAULTS = Map.of("http.port", "8080");

    private KeypointWorker() {
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
