package org.daganstream.loadtest;

/**
 * slf4j-simple defaults for the tool, set before the first logger exists: the load generator's own progress at
 * INFO, the services it starts at WARN, Kafka's client chatter at ERROR. {@code -D} settings win.
 */
final class LoadLogging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LoadLogging() {
    }

    static void configure() {
        setDefault("defaultLogLevel", "warn");
        setDefault("log.org.daganstream.loadtest", "info");
        setDefault("log.org.apache.kafka", "error");
        setDefault("log.kafka", "error");
        setDefault("logFile", "System.err");
        setDefault("showDateTime", "true");
        setDefault("dateTimeFormat", "HH:mm:ss");
        setDefault("showShortLogName", "true");
        setDefault("showThreadName", "false");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
