package org.daganstream.common.config;

/**
 * Where a configuration value came from, so error messages can tell the operator what to fix.
 *
 * @param layer  which layer supplied the value
 * @param detail the file path or environment variable name, empty for defaults and explicit values
 */
public record ConfigOrigin(Layer layer, String detail) {

    /** Layers in increasing precedence. */
    public enum Layer { DEFAULT, FILE, ENV, OVERRIDE }

    public static final ConfigOrigin DEFAULT = new ConfigOrigin(Layer.DEFAULT, "");
    public static final ConfigOrigin OVERRIDE = new ConfigOrigin(Layer.OVERRIDE, "");

    public static ConfigOrigin file(String path) {
        return new ConfigOrigin(Layer.FILE, path);
    }

    public static ConfigOrigin env(String variable) {
        return new ConfigOrigin(Layer.ENV, variable);
    }

    /** Human wording used in messages: "from env DAGAN_X", "from file /etc/dagan.properties", "default". */
    @Override
    public String toString() {
        return switch (layer) {
            case DEFAULT -> "default";
            case FILE -> "from file " + detail;
            case ENV -> "from env " + detail;
            case OVERRIDE -> "set explicitly";
        };
    }
}
