package org.daganstream.cli;

import java.util.List;

/**
 * Sets up slf4j-simple before the first logger exists. A command-line tool should show its own output, not the
 * services' INFO chatter: by default only warnings and errors are logged (to stderr); {@code -v/--verbose} shows
 * INFO with timestamps. Settings already given as system properties ({@code -Dorg.slf4j.simpleLogger...}) win.
 */
final class CliLogging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    /** Loggers of Kafka (broker and clients) and S3Proxy, set to a level before the embedded stack sets its own. */
    private static final List<String> EMBEDDED_SERVER_LOGGERS = List.of("kafka", "state.change.logger",
            "org.apache.kafka", "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
            "org.apache.kafka.snapshot", "org.apache.kafka.queue", "org.apache.kafka.coordinator",
            "org.apache.kafka.security", "org.apache.kafka.network", "org.apache.kafka.common.network.Selector",
            "org.apache.kafka.common.utils.AppInfoParser", "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.kafka.common.metrics.Metrics", "org.gaul");

    private CliLogging() {
    }

    static void configure(String[] args) {
        boolean verbose = isVerbose(args);
        setDefault("defaultLogLevel", verbose ? "info" : "warn");
        setDefault("logFile", "System.err");
        setDefault("showDateTime", Boolean.toString(verbose));
        setDefault("dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("showShortLogName", "true");
        setDefault("showLogName", "false");
        // The embedded broker, S3 server and Kafka clients warn about harmless things while starting and
        // stopping (controller activation, topics being created); their errors still show.
        for (String logger : EMBEDDED_SERVER_LOGGERS) {
            setDefault("log." + logger, verbose ? "warn" : "error");
        }
    }

    static boolean isVerbose(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (List.of("-v", "--verbose").contains(arg)) {
                return true;
            }
        }
        return false;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
