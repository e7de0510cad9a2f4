package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@link KeypointNormalizer} against every normalize_kp case the PyTorch reference computed. */
class KeypointNormalizerFixtureTest {

    private final KeypointNormalizer normalizer = new KeypointNormalizer();

    @TestFactory
    Stream<DynamicTest> matchesTheReferenceOnEveryCase() {
        return MotionFixtureCases.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            KeypointSet out = normalizer.normalize(c.source(), c.anchor(), c.driving(), c.settings());
            assertArrayEquals(c.expectedValue(), out.value(), MotionFixtureCases.TOLERANCE, "value");
            assertArrayEquals(c.expectedJacobian(), out.jacobian(), MotionFixtureCases.TOLERANCE, "jacobian");
            if (c.settings().relative()) {
                assertEquals(c.expectedScale(),
                        normalizer.movementScale(c.source(), c.anchor(), c.settings().adaptScale()),
                        1e-6 * c.expectedScale(), "scale");
            }
        }));
    }

    @Test
    void fixtureCoversEveryMode() {
        List<MotionFixtureCases.Case> cases = MotionFixtureCases.cases();
        assertTrue(cases.stream().anyMatch(c -> c.settings().relative() && c.settings().adaptScale()));
        assertTrue(cases.stream().anyMatch(c -> c.settings().relative() && !c.settings().adaptScale()));
        assertTrue(cases.stream().anyMatch(c -> !c.settings().relative()));
        // Changing the output would be noticed: the cases are not all identity-like.
        assertTrue(cases.stream().anyMatch(c -> !Arrays.equals(c.expectedValue(), c.driving().value())));
    }

    @TestFactory
    Stream<DynamicTest> degenerateHullsFallBackToUnitScale() {
        List<MotionFixtureCases.Degenerate> degenerate = MotionFixtureCases.degenerateCases();
        assertFalse(degenerate.isEmpty(), "the fixture documents at least one degenerate hull");
        MotionFixtureCases.Case base = MotionFixtureCases.cases().get(0);
        return degenerate.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            assertEquals(0.0, ConvexHull.area(d.anchorValue()), 1e-12);
            KeypointSet anchor = KeypointSet.of(d.anchorValue().length / 2, d.anchorValue(), base.anchor().jacobian());
            assertEquals(1.0, normalizer.movementScale(base.source(), anchor, true));
            KeypointSet scaled = normalizer.normalize(base.source(), anchor, base.driving(), MotionSettings.DEFAULT);
            KeypointSet unscaled = normalizer.normalize(base.source(), anchor, base.driving(),
                    new MotionSettings(true, false, 0));
            assertEquals(unscaled, scaled);
        }));
    }
}
