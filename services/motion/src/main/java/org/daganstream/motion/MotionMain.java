package org.daganstream.motion;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the motion stage until SIGTERM/Ctrl-C. Configuration: defaults &lt; properties file ({@code --config FILE}
 * or env {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*} environment variables. Exit status 1 when the Streams client
 * fails, 2 on bad usage or configuration.
 */
public final class MotionMain {

    private static final Logger LOG = LoggerFactory.getLogger(MotionMain.class);

    private MotionMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                configFile = Path.of(args[i].substring("--config=".length()));
            } else {
                System.err.println("usage: dagan-motion [--config FILE]   (unknown argument: " + args[i] + ")");
                System.exit(2);
            }
        }

        MotionService service;
        try {
            DaganConfig config = DaganConfig.load(Map.of(), configFile);
            LOG.info("Configuration:\n{}", config.describe());
            service = MotionService.start(config);
        } catch (RuntimeException e) {
            LOG.error("Motion stage failed to start: {}", e.getMessage(), e);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "motion-shutdown"));
        KafkaStreams.State finalState = service.awaitTermination();
        if (finalState == KafkaStreams.State.ERROR) {
            service.close();
            System.exit(1);
        }
    }
}
