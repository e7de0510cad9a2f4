package org.daganstream.loadtest.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Samples of one quantity over a run, as (seconds since the run started, value). Thread-safe for one writer and
 * readers taking {@link #points()} snapshots.
 */
public final class TimeSeries {

    public record Point(double seconds, double value) {
    }

    private final String name;
    private final String unit;
    private final List<Point> points = new ArrayList<>();

    public TimeSeries(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public synchronized void add(double seconds, double value) {
        points.add(new Point(seconds, value));
    }

    public synchronized List<Point> points() {
        return Collections.unmodifiableList(new ArrayList<>(points));
    }

    public synchronized boolean isEmpty() {
        return points.isEmpty();
    }

    public synchronized double max() {
        return points.stream().mapToDouble(Point::value).max().orElse(Double.NaN);
    }

    public synchronized double last() {
        return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).value();
    }

    /** Points with {@code from <= seconds <= to}. */
    public synchronized List<Point> between(double from, double to) {
        return points.stream().filter(p -> p.seconds() >= from && p.seconds() <= to).toList();
    }

    /**
     * Counts events (given as seconds since the start) per bucket of {@code bucketSeconds}, as a rate per second at
     * each bucket's middle; buckets from 0 to the last event, empty ones included.
     */
    public static TimeSeries rate(String name, List<Double> eventSeconds, double bucketSeconds) {
        if (!(bucketSeconds > 0)) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucketSeconds);
        }
        TimeSeries series = new TimeSeries(name, "per s");
        if (eventSeconds.isEmpty()) {
            return series;
        }
        double last = eventSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int buckets = (int) Math.floor(Math.max(0, last) / bucketSeconds) + 1;
        int[] counts = new int[buckets];
        for (double t : eventSeconds) {
            int b = (int) Math.floor(Math.max(0, t) / bucketSeconds);
            counts[Math.min(b, buckets - 1)]++;
        }
        for (int b = 0; b < buckets; b++) {
            series.add((b + 0.5) * bucketSeconds, counts[b] / bucketSeconds);
        }
        return series;
    }
}
