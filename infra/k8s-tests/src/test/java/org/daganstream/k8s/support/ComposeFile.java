package org.daganstream.k8s.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A docker-compose file as Compose would read it with no variables set in the environment: {@code ${VAR:-default}}
 * takes its default, YAML anchors and merge keys are resolved (SnakeYAML).
 */
public final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");

    private final Path file;
    private final Map<String, Object> root;

    private ComposeFile(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    public static ComposeFile load(Path file) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object parsed = new Yaml(options).load(Files.readString(file));
            return new ComposeFile(file, (Map<String, Object>) parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One service: image, environment and volumes with variables interpolated. */
    public record Service(String name, String image, Map<String, String> environment, List<String> volumes,
                          Map<String, Object> raw) {

        /** Host folder mounted at {@code containerPath}, resolved against the compose file's folder. */
        public Optional<Path> hostPathOf(String containerPath, Path composeDir) {
            for (String v : volumes) {
                String[] parts = v.split(":");
                if (parts.length >= 2 && parts[1].equals(containerPath)
                        && (parts[0].startsWith(".") || parts[0].startsWith("/"))) {
                    return Optional.of(composeDir.resolve(parts[0]).normalize());
                }
            }
            return Optional.empty();
        }
    }

    public Path file() {
        return file;
    }

    public Path directory() {
        return file.getParent();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, Object> raw = (Map<String, Object>) root.getOrDefault("services", Map.of());
        raw.forEach((name, value) -> {
            Map<String, Object> s = (Map<String, Object>) value;
            services.put(name, new Service(name, interpolate(String.valueOf(s.get("image"))), environment(s.get("environment")),
                    volumes(s.get("volumes")), s));
        });
        return services;
    }

    /** {@code ${VAR}} references with no default anywhere in the file: they need the user's environment. */
    public List<String> variablesWithoutDefault() {
        try {
            Matcher m = VARIABLE.matcher(Files.readString(file));
            List<String> missing = new ArrayList<>();
            while (m.find()) {
                if (m.group(2) == null) {
                    missing.add(m.group());
                }
            }
            return missing;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> environment(Object env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, v == null ? "" : interpolate(String.valueOf(v))));
        } else if (env instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : interpolate(s.substring(eq + 1)));
            }
        }
        return out;
    }

    private List<String> volumes(Object volumes) {
        List<String> out = new ArrayList<>();
        if (volumes instanceof List<?> list) {
            for (Object v : list) {
                out.add(interpolate(String.valueOf(v)));
            }
        }
        return out;
    }

    private String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }
}
