package org.daganstream.worker;

import java.util.Map;

import org.daganstream.common.service.ServiceMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared {@code main} of the worker services: {@code [--config FILE]}, configuration from defaults &lt; file
 * (or {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*} environment, graceful stop on SIGTERM/Ctrl-C. Exit status 0 after a
 * requested stop, 1 when the service cannot start or its loop fails, 2 on a usage error or bad configuration (see
 * {@link ServiceMain}).
 */
public final class WorkerMain {

    static {
        // Service logs with slf4j-simple: timestamps, and the Kafka clients' configuration dumps kept out of INFO.
        // Set before the first logger exists; explicit -D settings win.
        defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        defaultProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void run(String[] args, StageDefinition stage, Map<String, String> defaults) {
        ServiceMain.run(stage.serviceName(), args, defaults, config -> {
            LOG.info("{} configuration:\n{}", stage.serviceName(), config.describe());
            return StageWorker.start(config, stage);
        }, worker -> worker.terminated().join());
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
