package org.daganstream.loadtest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void interpolatesBetweenClosestRanksLikeNumpy() {
        Percentiles p = Percentiles.of(4, 1, 3, 2);
        assertEquals(2.5, p.p50(), 1e-12);
        assertEquals(1, p.percentile(0), 1e-12);
        assertEquals(4, p.percentile(100), 1e-12);
        // numpy.percentile([1,2,3,4], 95) = 3.85
        assertEquals(3.85, p.p95(), 1e-12);
        assertEquals(3.97, p.p99(), 1e-12);
        assertEquals(2.5, p.mean(), 1e-12);
    }

    @Test
    void oneHundredValuesGiveTheExpectedTail() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = i + 1;
        }
        Percentiles p = Percentiles.of(v);
        assertEquals(50.5, p.p50(), 1e-12);
        assertEquals(95.05, p.p95(), 1e-9);
        assertEquals(99.01, p.p99(), 1e-9);
    }

    @Test
    void emptyAndSingleSamples() {
        assertTrue(Double.isNaN(Percentiles.of(List.of()).p50()));
        Percentiles one = Percentiles.of(7.0);
        assertEquals(7, one.p50());
        assertEquals(7, one.p99());
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1, 2).percentile(101));
    }
}
