package org.daganstream.common.config;

/** A configuration value is missing or malformed; the message names the key, the value and where it came from. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
