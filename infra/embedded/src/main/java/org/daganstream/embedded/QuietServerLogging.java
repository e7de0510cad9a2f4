package org.daganstream.embedded;

import java.util.List;

/**
 * Lowers the embedded servers' own loggers to WARN unless the caller already chose a level.
 *
 * <p>A broker logs hundreds of INFO lines on start-up (full config dumps, raft and metadata
 * progress), which drowns the application's output. The levels are set as slf4j-simple system
 * properties ({@code org.slf4j.simpleLogger.log.<name>}), read when each logger is created, so
 * this must run before the server classes load. Other slf4j bindings ignore these properties and
 * are configured their own way. Client loggers ({@code org.apache.kafka.clients}) are left alone,
 * but the shared config-dump and metrics-lifecycle loggers are quietened too: the broker prints its
 * whole configuration through them several times on every start.
 */
final class QuietServerLogging {

    static final String DEFAULT_LEVEL = "warn";
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";

    /** Logger name prefixes of the broker, the controller and S3Proxy (with its shaded Jetty). */
    static final List<String> SERVER_LOGGERS = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.server",
            "org.apache.kafka.controller",
            "org.apache.kafka.raft",
            "org.apache.kafka.metadata",
            "org.apache.kafka.image",
            "org.apache.kafka.storage",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.queue",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.security",
            "org.apache.kafka.network",
            "org.apache.kafka.common.network.Selector",
            "org.apache.kafka.common.utils.AppInfoParser",
            "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.kafka.common.metrics.Metrics",
            "org.gaul");

    private QuietServerLogging() {
    }

    static synchronized void applyDefaults() {
        for (String logger : SERVER_LOGGERS) {
            String key = PREFIX + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, DEFAULT_LEVEL);
            }
        }
    }
}
