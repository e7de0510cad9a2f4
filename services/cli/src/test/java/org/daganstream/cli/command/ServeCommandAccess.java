package org.daganstream.cli.command;

import org.daganstream.cli.pipeline.Stage;
import org.daganstream.common.config.DaganConfig;

/** Test access to {@link ServeCommand}'s per-stage configuration. */
public final class ServeCommandAccess {

    private ServeCommandAccess() {
    }

    public static int port(DaganConfig shared, Stage stage, int position, int count) {
        return ServeCommand.stageConfig(shared, stage, position, count).getInt("http.port", -1);
    }
}
