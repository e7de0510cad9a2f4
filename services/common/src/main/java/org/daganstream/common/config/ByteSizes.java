package org.daganstream.common.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes: {@code 512}, {@code 64KiB}, {@code 16MiB}, {@code 2GiB} (binary) and {@code 10KB}, {@code 5MB},
 * {@code 1GB} (decimal); {@code k}, {@code m}, {@code g} alone are binary.
 */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b?)");

    private ByteSizes() {
    }

    /** @throws IllegalArgumentException naming the accepted forms when {@code text} is not a size */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2).isEmpty() && !m.group(3).isEmpty() && !m.group(3).equals("b"))) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a byte size (use e.g. 1048576, 64KiB, 16MiB, 2GiB, 5MB)");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2);
        boolean decimal = m.group(3).equals("b");
        long base = decimal ? 1000 : 1024;
        int power = switch (unit) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            default -> 0;
        };
        long multiplier = 1;
        for (int i = 0; i < power; i++) {
            multiplier *= base;
        }
        try {
            return Math.multiplyExact(amount, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("byte size '" + text + "' is too large", e);
        }
    }
}
