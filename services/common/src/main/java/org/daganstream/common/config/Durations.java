package org.daganstream.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human durations: {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}, {@code 1.5s}; a bare number
 * means milliseconds (the Kafka convention); ISO-8601 ({@code PT2S}) is accepted too.
 */
public final class Durations {

    private static final Pattern HUMAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the accepted forms when {@code text} is not a duration */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher m = HUMAN.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 86_400_000;
            };
            if (millis > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("duration '" + text + "' is too large");
            }
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration d = Duration.parse(trimmed);
                if (d.isNegative()) {
                    throw new IllegalArgumentException("duration '" + text + "' is negative");
                }
                return d;
            } catch (DateTimeParseException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a duration (use e.g. 500ms, 2s, 1m, 1h, 1d, a number of ms, or ISO-8601 PT2S)");
    }

    /** Short rendering used in logs and docs: 500ms, 2s, 1m30s. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000 || ms % 1_000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1_000;
        if (s < 60 || s % 60 != 0) {
            return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
        }
        long m = s / 60;
        return m % 60 == 0 ? (m / 60) + "h" : m + "m";
    }
}
