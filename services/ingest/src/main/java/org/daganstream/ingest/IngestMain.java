package org.daganstream.ingest;

import org.daganstream.common.service.ServiceMain;

/**
 * Runs the ingest service until SIGTERM/Ctrl-C: {@code ingest [--config FILE]}. Configuration: defaults &lt;
 * properties file ({@code --config FILE} or env {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*} environment variables.
 * Exit code 2 on bad configuration (see {@link ServiceMain}).
 */
public final class IngestMain {

    private IngestMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run(IngestSettings.STAGE, args, IngestSettings.DEFAULTS, IngestService::start);
    }
}
