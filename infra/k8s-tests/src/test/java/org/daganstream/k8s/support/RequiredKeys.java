package org.daganstream.k8s.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the configuration keys services declare as having no default: every {@code .required(...)} call on a
 * {@code DaganConfig} in their main sources whose argument is a string literal or an upper-case constant built
 * from literals in the same file (e.g. {@code BOOTSTRAP = PREFIX + "bootstrap.servers"}). Calls with a runtime
 * variable are left to the dynamic check that runs the services' own settings code on the deployed environment.
 */
public final class RequiredKeys {

    private static final Pattern CALL = Pattern.compile("\\.required\\(\\s*([^()]+?)\\s*\\)");
    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*([^;]+);");

    private RequiredKeys() {
    }

    /** Key to the source file and line declaring it required, for every main source folder under {@code modules}. */
    public static Map<String, String> scan(Path... moduleDirs) {
        Map<String, String> found = new TreeMap<>();
        for (Path module : moduleDirs) {
            Path src = module.resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(f -> scanFile(f, found));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static void scanFile(Path file, Map<String, String> found) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> constants = new HashMap<>();
        Matcher c = CONSTANT.matcher(text);
        while (c.find()) {
            constants.put(c.group(1), c.group(2).strip());
        }
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1;
            evaluate(m.group(1), constants, 0).ifPresent(key -> found.putIfAbsent(key, file.getFileName() + ":" + line));
        }
    }

    /** Value of {@code "a" + CONST + "b"}, or empty when a part is not a literal or a known constant. */
    private static Optional<String> evaluate(String expression, Map<String, String> constants, int depth) {
        if (depth > 5) {
            return Optional.empty();
        }
        StringBuilder value = new StringBuilder();
        for (String part : expression.split("\\+")) {
            String p = part.strip();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                value.append(p, 1, p.length() - 1);
            } else if (constants.containsKey(p)) {
                Optional<String> inner = evaluate(constants.get(p), constants, depth + 1);
                if (inner.isEmpty()) {
                    return Optional.empty();
                }
                value.append(inner.get());
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(value.toString());
    }
}
