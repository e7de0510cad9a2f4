package org.daganstream.loadtest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.daganstream.loadtest.clip.ClipSpec;
import org.daganstream.loadtest.load.LoadPlan;
import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.stats.TimeSeries;
import org.junit.jupiter.api.Test;

class MemoryVerdictTest {

    /** A run whose RSS rises during warm-up, then follows {@code steady}(t). */
    static RunResult run(java.util.function.DoubleUnaryOperator steady) {
        TimeSeries rss = new TimeSeries("process RSS", "MiB");
        TimeSeries heap = new TimeSeries("JVM heap used", "MiB");
        for (int t = 0; t <= 1000; t += 5) {
            rss.add(t, t < 100 ? 500 + 5 * t : steady.applyAsDouble(t));
            heap.add(t, 200 + (t % 50));
        }
        return new RunResult("soak", "test", true, new LoadPlan(1, 0, Duration.ofHours(1), null),
                new ClipSpec(256, 1000, 25, false), 0, List.of(), true, List.of(), 0, 0, List.of(), List.of(),
                List.of(rss, heap), new TimeSeries("cpu", "cores"), Double.NaN, 4096, Double.NaN, null, 0, null);
    }

    @Test
    void warmUpGrowthIsIgnoredAndAFlatSteadyPartIsFlat() {
        MemoryVerdict v = MemoryVerdict.of(run(t -> 1000 + ((int) t % 20 == 0 ? 3 : -3)));
        assertTrue(v.flat(), v.toString());
        assertEquals(1000, v.meanMib(), 5);
        assertTrue(Math.abs(v.growthMib()) < 5, v.toString());
        assertTrue(v.steadyFrom() >= 250, "the first quarter is warm-up: " + v.steadyFrom());
    }

    @Test
    void aSteadyLeakIsNotFlat() {
        MemoryVerdict v = MemoryVerdict.of(run(t -> 1000 + 0.2 * t));
        assertFalse(v.flat(), v.toString());
        assertEquals(12, v.slopeMibPerMin(), 0.1);
        assertEquals(0.2 * (1000 - v.steadyFrom()), v.growthMib(), 1);
    }
}
