package org.daganstream.loadtest.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * Order statistics of a sample: linear interpolation between the closest ranks (the "type 7" definition NumPy and
 * spreadsheets use), so p50 of {1, 2, 3, 4} is 2.5 and p100 is the maximum.
 */
public final class Percentiles {

    private final double[] sorted;

    private Percentiles(double[] sorted) {
        this.sorted = sorted;
    }

    public static Percentiles of(double... values) {
        double[] copy = values.clone();
        for (double v : copy) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a sample value is NaN");
            }
        }
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    public static Percentiles of(Collection<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    public int count() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The {@code p}-th percentile, {@code p} in [0, 100]; NaN for an empty sample. */
    public double percentile(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p / 100.0 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = rank - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }

    public double p50() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }

    public double p99() {
        return percentile(99);
    }

    public double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    public double mean() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    /** The sorted values (a copy). */
    public double[] values() {
        return sorted.clone();
    }
}
