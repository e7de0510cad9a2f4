package org.daganstream.common.retry;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Helpers for classifying failures by walking their cause chain. */
public final class Causes {

    private Causes() {
    }

    /** True when {@code t} or any of its causes is an instance of one of {@code types}. */
    @SafeVarargs
    public static boolean causedBy(Throwable t, Class<? extends Throwable>... types) {
        return find(t, types) != null;
    }

    /** The first throwable in the cause chain of {@code t} that is one of {@code types}, or null. */
    @SafeVarargs
    public static Throwable find(Throwable t, Class<? extends Throwable>... types) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Network and timeout failures: worth retrying for any remote call. */
    public static boolean isIoOrTimeout(Throwable t) {
        return causedBy(t, IOException.class, TimeoutException.class);
    }
}
