package org.daganstream.motion;

import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.daganstream.common.service.ServiceMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the motion stage until SIGTERM/Ctrl-C: {@code motion [--config FILE]}. Configuration: defaults &lt; properties
 * file ({@code --config FILE} or env {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*} environment variables. Exit status 1
 * when the Streams client fails, 2 on bad usage or configuration (see {@link ServiceMain}).
 */
public final class MotionMain {

    private static final Logger LOG = LoggerFactory.getLogger(MotionMain.class);

    private MotionMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run(MotionStage.NAME, args, Map.of(), config -> {
            LOG.info("Configuration:\n{}", config.describe());
            return MotionService.start(config);
        }, MotionMain::awaitStop);
    }

    /** Returns once the service was closed; throws when the Streams client stopped in ERROR. */
    private static void awaitStop(MotionService service) throws InterruptedException {
        if (service.awaitTermination() == KafkaStreams.State.ERROR) {
            throw new IllegalStateException("the Kafka Streams client failed (state ERROR)");
        }
    }
}
