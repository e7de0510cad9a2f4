package org.daganstream.cli.pipeline;

import org.daganstream.common.config.DaganConfig;

/**
 * Per-stage configuration when several stages share one JVM and one config: keys under {@code stage.<id>.} apply
 * to that stage only and win over the shared keys, e.g. {@code stage.generator.inference.intra.op.threads=2} or
 * {@code DAGAN_STAGE_DEPTH_HTTP_PORT=8082}.
 */
public final class StageConfigs {

    public static final String PREFIX = "stage.";

    private StageConfigs() {
    }

    public static DaganConfig forStage(DaganConfig shared, Stage stage) {
        return shared.withAll(shared.withPrefix(prefix(stage)));
    }

    public static String prefix(Stage stage) {
        return PREFIX + stage.id() + ".";
    }
}
