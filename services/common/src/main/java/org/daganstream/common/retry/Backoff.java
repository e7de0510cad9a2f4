package org.daganstream.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import org.daganstream.common.config.DaganConfig;

/**
 * Exponential backoff with jitter: the ceiling for retry {@code n} (1-based) is
 * {@code min(max, initial * multiplier^(n-1))}; the actual delay is drawn uniformly from
 * {@code [ceiling * (1 - jitter), ceiling]} so that many clients failing together do not retry in lockstep.
 *
 * @param initial    ceiling of the first delay
 * @param max        cap on any delay
 * @param multiplier growth per retry, at least 1
 * @param jitter     fraction of the ceiling that is randomised, 0 (none) to 1 ("full jitter")
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got initial=" + initial + " max=" + max);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be within [0, 1], got " + jitter);
        }
    }

    /** Doubling from {@code initial} up to {@code max}, half of each delay randomised. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 2.0, 0.5);
    }

    /** The same delay every time, no jitter (for tests and polling). */
    public static Backoff fixed(Duration delay) {
        return new Backoff(delay, delay, 1.0, 0.0);
    }

    /**
     * Reads {@code <prefix>backoff.initial}, {@code backoff.max}, {@code backoff.multiplier}, {@code backoff.jitter},
     * falling back to {@code defaults} for each.
     */
    public static Backoff fromConfig(DaganConfig config, String prefix, Backoff defaults) {
        return new Backoff(
                config.getDuration(prefix + "backoff.initial", defaults.initial()),
                config.getDuration(prefix + "backoff.max", defaults.max()),
                config.getDouble(prefix + "backoff.multiplier", defaults.multiplier()),
                config.getDouble(prefix + "backoff.jitter", defaults.jitter()));
    }

    public Backoff withJitter(double newJitter) {
        return new Backoff(initial, max, multiplier, newJitter);
    }

    /** Upper bound of the delay before retry number {@code retry} (1 = first retry). */
    public Duration ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry number starts at 1, got " + retry);
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, retry - 1);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /** The randomised delay before retry number {@code retry} (1 = first retry). */
    public Duration delay(int retry) {
        long ceiling = ceiling(retry).toNanos();
        long floor = (long) (ceiling * (1.0 - jitter));
        long nanos = floor >= ceiling ? ceiling : ThreadLocalRandom.current().nextLong(floor, ceiling + 1);
        return Duration.ofNanos(nanos);
    }
}
