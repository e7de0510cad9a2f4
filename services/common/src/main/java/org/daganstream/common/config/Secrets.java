package org.daganstream.common.config;

import java.util.List;
import java.util.Locale;

/** Decides which configuration keys hold secrets, so they are never printed. */
public final class Secrets {

    /** Any key containing one of these fragments (case-insensitive) is treated as secret. */
    public static final List<String> SECRET_KEY_FRAGMENTS =
            List.of("secret", "password", "sasl.jaas", "access.key", "token", "credential", "private.key");

    public static final String MASK = "******";

    private Secrets() {
    }

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_KEY_FRAGMENTS.stream().anyMatch(lower::contains);
    }

    /** The value as it may be shown next to {@code key}: masked when the key is secret. */
    public static String display(String key, String value) {
        return isSecret(key) ? MASK : value;
    }
}
