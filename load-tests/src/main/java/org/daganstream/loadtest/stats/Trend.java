package org.daganstream.loadtest.stats;

import java.util.List;

/**
 * Least-squares line through a series: how fast a quantity (memory) grows. Used to call memory "flat" or not over
 * the steady part of a long run.
 *
 * @param slopePerSecond value units per second
 * @param intercept      value at 0 s
 * @param points         how many points were fitted
 */
public record Trend(double slopePerSecond, double intercept, int points) {

    public static Trend fit(List<TimeSeries.Point> series) {
        int n = series.size();
        if (n < 2) {
            return new Trend(0, n == 1 ? series.get(0).value() : Double.NaN, n);
        }
        double mx = 0;
        double my = 0;
        for (TimeSeries.Point p : series) {
            mx += p.seconds();
            my += p.value();
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (TimeSeries.Point p : series) {
            sxy += (p.seconds() - mx) * (p.value() - my);
            sxx += (p.seconds() - mx) * (p.seconds() - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new Trend(slope, my - slope * mx, n);
    }

    /** The fitted growth between {@code from} and {@code to} seconds. */
    public double growth(double from, double to) {
        return slopePerSecond * (to - from);
    }
}
