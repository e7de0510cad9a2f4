package org.daganstream.loadtest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    @Test
    void rateCountsEventsPerBucketIncludingEmptyOnes() {
        TimeSeries r = TimeSeries.rate("frames", List.of(0.1, 0.2, 0.3, 2.5, 2.6), 1.0);
        List<TimeSeries.Point> points = r.points();
        assertEquals(3, points.size());
        assertEquals(3.0, points.get(0).value());
        assertEquals(0.0, points.get(1).value());
        assertEquals(2.0, points.get(2).value());
        assertEquals(0.5, points.get(0).seconds());
    }

    @Test
    void rateWithWiderBucketsIsPerSecond() {
        TimeSeries r = TimeSeries.rate("frames", List.of(0.0, 1.0, 2.0, 3.0), 4.0);
        assertEquals(1, r.points().size());
        assertEquals(1.0, r.points().get(0).value());
    }

    @Test
    void trendFindsTheSlopeOfALine() {
        List<TimeSeries.Point> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            points.add(new TimeSeries.Point(i, 100 + 2.5 * i + (i % 2 == 0 ? 0.1 : -0.1)));
        }
        Trend t = Trend.fit(points);
        assertEquals(2.5, t.slopePerSecond(), 0.02);
        assertEquals(25, t.growth(0, 10), 0.2);
    }

    @Test
    void trendOfAFlatSeriesIsZero() {
        List<TimeSeries.Point> points = List.of(new TimeSeries.Point(0, 5), new TimeSeries.Point(1, 5),
                new TimeSeries.Point(2, 5));
        assertEquals(0, Trend.fit(points).slopePerSecond(), 1e-12);
    }
}
