package org.daganstream.worker.generator;

import java.util.Map;

import io.vertx.core.Vertx;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.worker.StageDefinition;
import org.daganstream.worker.StageWorker;

/**
 * The generator stage: {@code dagan.frames.motion} -&gt; (source encoder once per job) {@code generator.onnx} -&gt;
 * {@code dagan.frames.generated}. Start it in-process with {@link #start(DaganConfig)}; {@link GeneratorWorkerMain}
 * runs it as a service.
 */
public final class GeneratorWorker {

    /** Stage name: key in {@code stageTimestamps}, stage of dead letters, {@code worker.generator.*} section. */
    public static final String NAME = "generator";

    public static final StageDefinition STAGE =
            new StageDefinition(NAME, Topics.FRAMES_MOTION, Topics.FRAMES_GENERATED, GeneratorProcessor::new);

    /** Defaults a standalone service starts from (below the properties file and environment). */
    public static final Map<String, String> DEFAULTS = Map.of("http.port", "8080");

    private GeneratorWorker() {
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
