package org.daganstream.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Immutable service configuration: defaults &lt; properties file &lt; {@code DAGAN_*} environment variables &lt;
 * explicit overrides.
 *
 * <p>The properties file is the explicit path given to the builder (a {@code --config} option) or else the one
 * named by the {@code DAGAN_CONFIG} environment variable. An environment variable {@code DAGAN_FOO_BAR_BAZ} sets
 * key {@code foo.bar.baz}. Blank values count as unset. Every value remembers its {@link ConfigOrigin}, so errors
 * say where a bad value came from; secrets (see {@link Secrets}) are masked wherever values are printed.
 */
public final class DaganConfig {

    public static final String ENV_PREFIX = "DAGAN_";
    /** Environment variable naming the properties file. */
    public static final String CONFIG_FILE_ENV = "DAGAN_CONFIG";

    private record Entry(String fullKey, String value, ConfigOrigin origin) {
    }

    private final Map<String, Entry> entries;
    /** Prefix stripped by {@link #subset}, kept so messages name full keys even for missing ones. */
    private final String stripped;

    private DaganConfig(Map<String, Entry> entries, String stripped) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        this.stripped = stripped;
    }

    // ---- construction ------------------------------------------------------------------------------------------

    /** Defaults, then the file named by {@code DAGAN_CONFIG} if set, then the process environment. */
    public static DaganConfig load(Map<String, String> defaults) {
        return builder().defaults(defaults).systemEnv().build();
    }

    /**
     * Defaults, then {@code configFile} (or, when null, the file named by {@code DAGAN_CONFIG}), then the process
     * environment.
     */
    public static DaganConfig load(Map<String, String> defaults, Path configFile) {
        return builder().defaults(defaults).file(configFile).systemEnv().build();
    }

    /** A configuration made only of explicit values: for tests and the embedded mode. */
    public static DaganConfig of(Map<String, String> values) {
        return builder().overrides(values).build();
    }

    public static DaganConfig empty() {
        return new DaganConfig(Map.of(), "");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the layers; {@link #build()} applies them in precedence order whatever order they were given. */
    public static final class Builder {
        private final Map<String, String> defaults = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Path file;

        private Builder() {
        }

        public Builder defaults(Map<String, String> values) {
            defaults.putAll(values);
            return this;
        }

        public Builder defaultValue(String key, String value) {
            defaults.put(key, value);
            return this;
        }

        /** Properties file to read; null keeps the {@code DAGAN_CONFIG} fallback. A missing file is an error. */
        public Builder file(Path propertiesFile) {
            this.file = propertiesFile;
            return this;
        }

        /** Environment variables to read (only {@code DAGAN_*} ones are used); tests pass a map here. */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        public Builder systemEnv() {
            return env(System.getenv());
        }

        /** Highest precedence: values the program sets itself (embedded endpoints, command-line options). */
        public Builder override(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder overrides(Map<String, String> values) {
            overrides.putAll(values);
            return this;
        }

        public DaganConfig build() {
            Map<String, Entry> merged = new TreeMap<>();
            defaults.forEach((k, v) -> putIfSet(merged, k, v, ConfigOrigin.DEFAULT));
            Path propertiesFile = file;
            String fileOrigin = "--config";
            if (propertiesFile == null && !isBlank(env.get(CONFIG_FILE_ENV))) {
                propertiesFile = Path.of(env.get(CONFIG_FILE_ENV).trim());
                fileOrigin = "env " + CONFIG_FILE_ENV;
            }
            if (propertiesFile != null) {
                ConfigOrigin origin = ConfigOrigin.file(propertiesFile.toString());
                readProperties(propertiesFile, fileOrigin).forEach((k, v) -> putIfSet(merged, k, v, origin));
            }
            env.forEach((name, value) -> {
                if (name.startsWith(ENV_PREFIX) && !name.equals(CONFIG_FILE_ENV) && name.length() > ENV_PREFIX.length()) {
                    putIfSet(merged, keyForEnv(name), value, ConfigOrigin.env(name));
                }
            });
            overrides.forEach((k, v) -> putIfSet(merged, k, v, ConfigOrigin.OVERRIDE));
            return new DaganConfig(merged, "");
        }

        private static void putIfSet(Map<String, Entry> target, String key, String value, ConfigOrigin origin) {
            if (key == null || key.isBlank()) {
                throw new ConfigException("config key must not be blank (" + origin + ")");
            }
            if (!isBlank(value)) {
                String k = key.trim();
                target.put(k, new Entry(k, value.trim(), origin));
            }
        }

        private static Map<String, String> readProperties(Path path, String namedBy) {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("config file " + path + " (named by " + namedBy + ") does not exist or is not a file");
            }
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read config file " + path + " (named by " + namedBy + "): " + e.getMessage(), e);
            }
            Map<String, String> values = new TreeMap<>();
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
            return values;
        }
    }

    /** {@code DAGAN_KAFKA_BOOTSTRAP_SERVERS} -&gt; {@code kafka.bootstrap.servers}. */
    public static String keyForEnv(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code kafka.bootstrap.servers} -&gt; {@code DAGAN_KAFKA_BOOTSTRAP_SERVERS}. */
    public static String envForKey(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    // ---- derived configurations --------------------------------------------------------------------------------

    /** A copy with {@code key} set explicitly (highest precedence); a blank value removes the key. */
    public DaganConfig with(String key, String value) {
        return withAll(Map.of(key, value == null ? "" : value));
    }

    /** A copy with all {@code values} set explicitly; blank values remove their keys. */
    public DaganConfig withAll(Map<String, String> values) {
        Map<String, Entry> copy = new TreeMap<>(entries);
        values.forEach((k, v) -> {
            if (isBlank(v)) {
                copy.remove(k);
            } else {
                copy.put(k, new Entry(stripped + k, v.trim(), ConfigOrigin.OVERRIDE));
            }
        });
        return new DaganConfig(copy, stripped);
    }

    /**
     * The keys under {@code prefix} with the prefix stripped, as a plain map: the pass-through used for client
     * settings ({@code withPrefix("kafka.")} gives {@code bootstrap.servers -> ...}). Values are not masked.
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), e.value());
            }
        });
        return out;
    }

    /** Like {@link #withPrefix} but keeps typed getters, origins and the full key names in error messages. */
    public DaganConfig subset(String prefix) {
        Map<String, Entry> out = new TreeMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), e);
            }
        });
        return new DaganConfig(out, stripped + prefix);
    }

    // ---- raw access --------------------------------------------------------------------------------------------

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** @throws ConfigException naming the key and the environment variable that would set it */
    public String required(String key) {
        return get(key).orElseThrow(() -> new ConfigException("missing required config key " + fullKey(key)
                + " (set env " + envForKey(fullKey(key)) + " or put it in the properties file)"));
    }

    /** Where the value of {@code key} came from, if it is set. */
    public Optional<ConfigOrigin> origin(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::origin);
    }

    /** All values, unmasked: hand to client libraries, never to a logger (use {@link #describe()}). */
    public Map<String, String> asMap() {
        return entries.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value(), (a, b) -> a, TreeMap::new));
    }

    // ---- typed getters -----------------------------------------------------------------------------------------

    public int getInt(String key, int defaultValue) {
        return typed(key, "an integer", Integer::parseInt).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return typed(key, "an integer", Long::parseLong).orElse(defaultValue);
    }

    public double getDouble(String key, double defaultValue) {
        return typed(key, "a number", Double::parseDouble).orElse(defaultValue);
    }

    /** Accepts true/false, yes/no, on/off, 1/0 (case-insensitive). */
    public boolean getBoolean(String key, boolean defaultValue) {
        return typed(key, "a boolean (true/false)", DaganConfig::parseBoolean).orElse(defaultValue);
    }

    /** Durations like {@code 500ms}, {@code 2s}, {@code 1m} (see {@link Durations}). */
    public Duration getDuration(String key, Duration defaultValue) {
        return typed(key, "a duration like 500ms, 2s or 1m", Durations::parse).orElse(defaultValue);
    }

    /** Sizes like {@code 16MiB}, {@code 5MB}, {@code 1048576} (see {@link ByteSizes}). */
    public long getBytes(String key, long defaultValue) {
        return typed(key, "a byte size like 16MiB or 1048576", ByteSizes::parse).orElse(defaultValue);
    }

    /** Comma-separated list, items trimmed, empty items dropped; empty list when unset. */
    public List<String> getList(String key) {
        return get(key).map(v -> Arrays.stream(v.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** An integer that must lie in {@code [min, max]}. */
    public int getInt(String key, int defaultValue, int min, int max) {
        int value = getInt(key, defaultValue);
        if (value < min || value > max) {
            throw invalid(key, "between " + min + " and " + max, null);
        }
        return value;
    }

    /** Parses with {@code parser}; on failure throws a {@link ConfigException} naming key, value and origin. */
    public <T> Optional<T> typed(String key, String expected, Function<String, T> parser) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(e.value()));
        } catch (RuntimeException ex) {
            throw invalid(key, expected, ex);
        }
    }

    private ConfigException invalid(String key, String expected, Throwable cause) {
        Entry e = entries.get(key);
        String shown = Secrets.display(e.fullKey(), e.value());
        return new ConfigException("config key " + e.fullKey() + "=" + shown + " is not " + expected
                + " (" + e.origin() + ")", cause);
    }

    private String fullKey(String key) {
        Entry e = entries.get(key);
        return e == null ? stripped + key : e.fullKey();
    }

    private static Boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + v);
        };
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    // ---- printing ----------------------------------------------------------------------------------------------

    /** One line per key, {@code key = value (origin)}, secrets masked: safe to log at startup. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        entries.forEach((k, e) -> lines.add(k + " = " + Secrets.display(e.fullKey(), e.value()) + "  (" + e.origin() + ")"));
        return String.join(System.lineSeparator(), lines);
    }

    /** Compact, secrets masked. */
    @Override
    public String toString() {
        return entries.entrySet().stream()
                .map(e -> e.getKey() + "=" + Secrets.display(e.getValue().fullKey(), e.getValue().value()))
                .collect(Collectors.joining(", ", "DaganConfig{", "}"));
    }
}
