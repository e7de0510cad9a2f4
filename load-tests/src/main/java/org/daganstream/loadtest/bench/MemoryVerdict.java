package org.daganstream.loadtest.bench;

import java.util.List;

import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.stats.TimeSeries;
import org.daganstream.loadtest.stats.Trend;

/**
 * Whether memory stayed flat over a long job: a least-squares line through the process's RSS over the steady part
 * of the job (after the first quarter, when arenas, caches and the JIT have filled), and its growth over that part.
 *
 * @param steadyFrom     seconds where the steady part starts
 * @param steadyTo       seconds where the job ended
 * @param meanMib        mean RSS over the steady part
 * @param growthMib      fitted RSS growth over the steady part
 * @param slopeMibPerMin fitted growth per minute
 * @param heapGrowthMib  fitted JVM heap growth over the same part
 * @param peakMib        highest RSS sample
 * @param points         RSS samples fitted
 */
public record MemoryVerdict(double steadyFrom, double steadyTo, double meanMib, double growthMib,
                            double slopeMibPerMin, double heapGrowthMib, double peakMib, int points) {

    /** Growth allowed over the steady part, as a share of the mean RSS. */
    public static final double FLAT_TOLERANCE = 0.05;

    public boolean flat() {
        return points >= 4 && growthMib <= FLAT_TOLERANCE * meanMib;
    }

    public static MemoryVerdict of(RunResult run) {
        List<TimeSeries.Point> all = series(run, "process RSS").points();
        double first = all.isEmpty() ? 0 : all.get(0).seconds();
        double last = all.isEmpty() ? 0 : all.get(all.size() - 1).seconds();
        double start = Double.isFinite(run.windowStart()) ? run.windowStart() : first;
        double end = Double.isFinite(run.windowEnd()) ? Math.min(run.windowEnd(), last) : last;
        double from = start + 0.25 * (end - start);
        List<TimeSeries.Point> rss = series(run, "process RSS").between(from, end);
        List<TimeSeries.Point> heap = series(run, "JVM heap used").between(from, end);
        Trend trend = Trend.fit(rss);
        double to = rss.isEmpty() ? from : rss.get(rss.size() - 1).seconds();
        double mean = rss.stream().mapToDouble(TimeSeries.Point::value).average().orElse(Double.NaN);
        double peak = rss.stream().mapToDouble(TimeSeries.Point::value).max().orElse(Double.NaN);
        return new MemoryVerdict(from, to, mean, trend.growth(from, to), trend.slopePerSecond() * 60,
                Trend.fit(heap).growth(from, to), peak, rss.size());
    }

    private static TimeSeries series(RunResult run, String name) {
        return run.memory().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElse(new TimeSeries(name, "MiB"));
    }
}
