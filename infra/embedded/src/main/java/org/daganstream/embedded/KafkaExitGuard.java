package org.daganstream.embedded;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an embedded broker's fatal-error handlers from terminating the host JVM.
 *
 * <p>A stand-alone broker calls {@code Exit.halt} when it hits an unrecoverable fault (for
 * example a failed log directory). Embedded in a test run or in the CLI, that would kill the
 * whole process without a trace; instead the request is logged as an error and the broker is
 * left for its owner to close. Kafka's {@link Exit} hooks are process-wide, so this is installed
 * once for the JVM.
 */
final class KafkaExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static boolean installed;

    private KafkaExitGuard() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> LOG.error(
                "Embedded Kafka asked to exit the JVM (status {}): {}. The process keeps running; close the broker.",
                status, message));
        Exit.setHaltProcedure((status, message) -> LOG.error(
                "Embedded Kafka asked to halt the JVM (status {}): {}. The process keeps running; close the broker.",
                status, message));
        installed = true;
    }
}
