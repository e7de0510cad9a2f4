package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConvexHullTest {

    @Test
    void unitSquareWithInteriorPointHasAreaOne() {
        float[] xy = {0, 0, 1, 0, 0.5f, 0.5f, 1, 1, 0, 1};
        assertEquals(1.0, ConvexHull.area(xy), 1e-12);
    }

    @Test
    void triangleAreaIsIndependentOfPointOrder() {
        assertEquals(6.0, ConvexHull.area(new float[] {0, 0, 4, 0, 0, 3}), 1e-12);
        assertEquals(6.0, ConvexHull.area(new float[] {0, 3, 0, 0, 4, 0}), 1e-12);
    }

    @Test
    void pointsOnTheHullBoundaryDoNotChangeTheArea() {
        float[] xy = {-1, -1, 0, -1, 1, -1, 1, 0, 1, 1, 0, 1, -1, 1, -1, 0};
        assertEquals(4.0, ConvexHull.area(xy), 1e-12);
    }

    @Test
    void duplicatePointsAreHarmless() {
        float[] xy = {0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 0, 2};
        assertEquals(2.0, ConvexHull.area(xy), 1e-12);
    }

    @Test
    void degenerateSetsHaveZeroArea() {
        assertEquals(0.0, ConvexHull.area(new float[] {}));
        assertEquals(0.0, ConvexHull.area(new float[] {0.3f, 0.3f}));
        assertEquals(0.0, ConvexHull.area(new float[] {0, 0, 1, 1}));
        assertEquals(0.0, ConvexHull.area(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f}), "one repeated point");
        assertEquals(0.0, ConvexHull.area(new float[] {0, 0, 1, 1, 2, 2, 3, 3, -1, -1}), "collinear points");
        assertEquals(0.0, ConvexHull.area(new float[] {0.5f, -1, 0.5f, 0, 0.5f, 1}), "vertical line");
    }

    @Test
    void oddCoordinateCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConvexHull.area(new float[] {1, 2, 3}));
    }
}
