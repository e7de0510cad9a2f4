package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed cases; the reference's own numbers are checked in {@link KeypointNormalizerFixtureTest}. */
class KeypointNormalizerTest {

    private static final float[] IDENTITY_2 = {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1};
    private final KeypointNormalizer normalizer = new KeypointNormalizer();

    @Test
    void relativeMotionMovesSourceByScaledDisplacement() {
        // Source triangle has 4x the anchor's area -> scale 2.
        KeypointSet source = KeypointSet.of(3, new float[] {0, 0, 0.8f, 0, 0, 0.8f}, IDENTITY_2);
        KeypointSet anchor = KeypointSet.of(3, new float[] {0, 0, 0.4f, 0, 0, 0.4f}, IDENTITY_2);
        KeypointSet driving = KeypointSet.of(3, new float[] {0.1f, 0, 0.4f, 0.05f, 0, 0.4f}, IDENTITY_2);

        assertEquals(2.0, normalizer.movementScale(source, anchor, true), 1e-6);
        KeypointSet out = normalizer.normalize(source, anchor, driving, new MotionSettings(true, true, 0));
        assertArrayEquals(new float[] {0.2f, 0, 0.8f, 0.1f, 0, 0.8f}, out.value(), 1e-6f);
        assertArrayEquals(IDENTITY_2, out.jacobian(), 1e-6f);

        KeypointSet unscaled = normalizer.normalize(source, anchor, driving, new MotionSettings(true, false, 0));
        assertArrayEquals(new float[] {0.1f, 0, 0.8f, 0.05f, 0, 0.8f}, unscaled.value(), 1e-6f);
    }

    @Test
    void relativeJacobianIsDrivingTimesInverseAnchorTimesSource() {
        float[] src = {2, 0, 0, 3};
        float[] anc = {1, 1, 0, 2}; // inverse [[1, -0.5], [0, 0.5]]
        float[] drv = {1, 0, 1, 1};
        KeypointSet source = KeypointSet.of(1, new float[] {0, 0}, src);
        KeypointSet anchor = KeypointSet.of(1, new float[] {0, 0}, anc);
        KeypointSet driving = KeypointSet.of(1, new float[] {0, 0}, drv);
        // drv @ inv(anc) = [[1, -0.5], [1, 0]]; @ src = [[2, -1.5], [2, 0]]
        KeypointSet out = normalizer.normalize(source, anchor, driving, MotionSettings.DEFAULT);
        assertArrayEquals(new float[] {2, -1.5f, 2, 0}, out.jacobian(), 1e-6f);
    }

    @Test
    void anchorFrameNormalisesToSourceItself() {
        KeypointSet source = KeypointSet.of(3, new float[] {0.1f, 0.2f, -0.5f, 0.3f, 0.4f, -0.6f},
                new float[] {1.1f, 0.2f, -0.1f, 0.9f, 0.8f, 0, 0.1f, 1.2f, 1, 0.3f, 0.3f, 1});
        KeypointSet anchor = KeypointSet.of(3, new float[] {0.3f, 0.1f, -0.2f, 0.5f, 0.6f, -0.2f},
                new float[] {0.7f, -0.2f, 0.1f, 1.3f, 1, 0.1f, 0, 1, 0.9f, 0, 0.2f, 1.1f});
        KeypointSet out = normalizer.normalize(source, anchor, anchor, MotionSettings.DEFAULT);
        assertArrayEquals(source.value(), out.value(), 1e-6f);
        assertArrayEquals(source.jacobian(), out.jacobian(), 1e-6f);
    }

    @Test
    void absoluteModePassesDrivingUnchangedWithoutAnchor() {
        KeypointSet source = KeypointSet.of(3, new float[] {0, 0, 0.8f, 0, 0, 0.8f}, IDENTITY_2);
        KeypointSet driving = KeypointSet.of(3, new float[] {0.1f, 0, 0.4f, 0.05f, 0, 0.4f}, IDENTITY_2);
        assertSame(driving, normalizer.normalize(source, null, driving, new MotionSettings(false, true, 0)));
    }

    @Test
    void degenerateHullFallsBackToUnitScale() {
        KeypointSet collinear = KeypointSet.of(3, new float[] {0, 0, 0.5f, 0.5f, 1, 1}, IDENTITY_2);
        KeypointSet triangle = KeypointSet.of(3, new float[] {0, 0, 0.8f, 0, 0, 0.8f}, IDENTITY_2);
        assertEquals(1.0, normalizer.movementScale(collinear, triangle, true));
        assertEquals(1.0, normalizer.movementScale(triangle, collinear, true));
        KeypointSet driving = KeypointSet.of(3, new float[] {0.1f, 0.1f, 0.6f, 0.5f, 1, 1.2f}, IDENTITY_2);
        KeypointSet out = normalizer.normalize(triangle, collinear, driving, MotionSettings.DEFAULT);
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.9f, 0, 0, 1.0f}, out.value(), 1e-6f);
    }

    @Test
    void singularAnchorJacobianIsRejectedNamingTheKeypoint() {
        KeypointSet anchor = KeypointSet.of(2, new float[] {0, 0, 1, 1}, new float[] {1, 0, 0, 1, 1, 2, 2, 4});
        InvalidKeypointsException e = assertThrows(InvalidKeypointsException.class,
                () -> normalizer.validateAnchor(anchor));
        assertTrue(e.getMessage().contains("keypoint 1"), e.getMessage());
    }

    @Test
    void mismatchedKeypointCountsAreRejected() {
        KeypointSet three = KeypointSet.of(3, new float[6], IDENTITY_2);
        KeypointSet two = KeypointSet.of(2, new float[4], new float[] {1, 0, 0, 1, 1, 0, 0, 1});
        InvalidKeypointsException e = assertThrows(InvalidKeypointsException.class,
                () -> normalizer.normalize(three, three, two, MotionSettings.DEFAULT));
        assertTrue(e.getMessage().contains("numKp=2"), e.getMessage());
        assertThrows(InvalidKeypointsException.class,
                () -> normalizer.normalize(three, null, two, new MotionSettings(false, false, 0)));
    }

    @Test
    void outputIsBitForBitDeterministic() {
        KeypointSet source = KeypointSet.of(3, new float[] {0.11f, 0.27f, -0.53f, 0.31f, 0.47f, -0.61f},
                new float[] {1.1f, 0.2f, -0.1f, 0.9f, 0.8f, 0, 0.1f, 1.2f, 1, 0.3f, 0.3f, 1});
        KeypointSet anchor = KeypointSet.of(3, new float[] {0.3f, 0.1f, -0.2f, 0.5f, 0.6f, -0.2f},
                new float[] {0.7f, -0.2f, 0.1f, 1.3f, 1, 0.1f, 0, 1, 0.9f, 0, 0.2f, 1.1f});
        KeypointSet driving = KeypointSet.of(3, new float[] {0.33f, 0.12f, -0.25f, 0.52f, 0.61f, -0.23f},
                new float[] {0.8f, -0.1f, 0.1f, 1.2f, 1, 0.2f, 0.1f, 1, 0.95f, 0.05f, 0.2f, 1.05f});
        assertEquals(normalizer.normalize(source, anchor, driving, MotionSettings.DEFAULT),
                normalizer.normalize(source, anchor, driving, MotionSettings.DEFAULT));
    }
}
