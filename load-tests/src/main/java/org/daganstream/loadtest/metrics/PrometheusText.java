package org.daganstream.loadtest.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of a Prometheus text exposition (format 0.0.4): {@code name{label="value",...} number}. Comments,
 * blank lines and timestamps are skipped; label values are unescaped.
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.get(key);
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(parseLine(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("metrics line " + lineNo + " is not a Prometheus sample: '" + line
                        + "' (" + e.getMessage() + ")", e);
            }
        }
        return new PrometheusText(Collections.unmodifiableList(out));
    }

    private static Sample parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = parseLabels(line, brace + 1, labels);
        } else {
            if (space < 0) {
                throw new IllegalArgumentException("no value");
            }
            name = line.substring(0, space);
            rest = space;
        }
        String[] tail = line.substring(rest).strip().split("\\s+");
        return new Sample(name, Collections.unmodifiableMap(labels), parseValue(tail[0]));
    }

    /** Parses {@code a="x",b="y"}} starting after the brace; returns the index after the closing brace. */
    private static int parseLabels(String line, int i, Map<String, String> labels) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("bad label at column " + i);
            }
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length(); j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else if (v == '"') {
                    break;
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                throw new IllegalArgumentException("unterminated label value");
            }
            labels.put(key, value.toString());
            i = j + 1;
        }
        throw new IllegalArgumentException("unterminated label set");
    }

    private static double parseValue(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    public List<Sample> samples() {
        return samples;
    }

    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Sum of every sample called {@code name} whose labels pass {@code filter}; 0 when none. */
    public double sum(String name, Predicate<Map<String, String>> filter) {
        return samples.stream().filter(s -> s.name().equals(name) && filter.test(s.labels()))
                .mapToDouble(Sample::value).filter(Double::isFinite).sum();
    }

    public double sum(String name) {
        return sum(name, l -> true);
    }
}
