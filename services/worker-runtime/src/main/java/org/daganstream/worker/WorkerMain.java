package org.daganstream.worker;

import java.nio.file.Path;
import java.util.Map;

import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared {@code main} of the worker services: {@code [--config FILE]}, configuration from defaults &lt; file
 * (or {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*} environment, graceful stop on SIGTERM/Ctrl-C. Exit status 0 after a
 * requested stop, 1 when the service cannot start or its loop fails, 2 on a usage error.
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
        String usage = "usage: " + stage.serviceName() + " [--config FILE]   (DAGAN_* environment variables override"
                + " the file; see the module README for the keys)";
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.println(usage);
            return;
        }
        Path configFile;
        try {
            configFile = configFile(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        StageWorker worker;
        try {
            DaganConfig config = DaganConfig.load(defaults, configFile);
            LOG.info("{} configuration:\n{}", stage.serviceName(), config.describe());
            worker = StageWorker.start(config, stage);
        } catch (RuntimeException e) {
            LOG.error("{} cannot start: {}", stage.serviceName(), e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, stage.serviceName() + "-shutdown"));
        try {
            worker.terminated().join();
        } catch (RuntimeException e) {
            LOG.error("{} stopped after a failure: {}", stage.serviceName(), e.getMessage());
            worker.close();
            System.exit(1);
        }
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** {@code --config FILE} or {@code --config=FILE}; null when absent. */
    static Path configFile(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--config needs a file name");
                }
                file = Path.of(args[++i]);
            } else if (arg.startsWith("--config=")) {
                file = Path.of(arg.substring("--config=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return file;
    }
}
