package org.daganstream.motion;

import java.util.Arrays;

/**
 * Area of the 2-D convex hull of a point set (Andrew's monotone chain, O(n log n)), in double precision.
 *
 * <p>Degenerate sets (fewer than three distinct points, or all points on one line) have area 0 here; the
 * reference's qhull would refuse them instead. Callers decide what a zero area means for them.
 */
public final class ConvexHull {

    private ConvexHull() {
    }

    /**
     * @param xy interleaved coordinates {@code x0, y0, x1, y1, ...}
     * @return the hull's area, 0 for degenerate input
     */
    public static double area(float[] xy) {
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("interleaved coordinates need an even length, got " + xy.length);
        }
        int n = xy.length / 2;
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            points[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
        }
        return area(points);
    }

    static double area(double[][] input) {
        int n = input.length;
        if (n < 3) {
            return 0.0;
        }
        double[][] p = input.clone();
        Arrays.sort(p, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));

        // Lower hull then upper hull; cross <= 0 drops collinear points, so a line collapses to its two ends.
        double[][] hull = new double[2 * n][];
        int size = 0;
        for (int i = 0; i < n; i++) {
            while (size >= 2 && cross(hull[size - 2], hull[size - 1], p[i]) <= 0) {
                size--;
            }
            hull[size++] = p[i];
        }
        for (int i = n - 2, lower = size + 1; i >= 0; i--) {
            while (size >= lower && cross(hull[size - 2], hull[size - 1], p[i]) <= 0) {
                size--;
            }
            hull[size++] = p[i];
        }
        size--; // the last point repeats the first

        if (size < 3) {
            return 0.0;
        }
        double twiceArea = 0.0;
        for (int i = 0; i < size; i++) {
            double[] a = hull[i];
            double[] b = hull[(i + 1) % size];
            twiceArea += a[0] * b[1] - b[0] * a[1];
        }
        return Math.abs(twiceArea) / 2.0;
    }

    /** z-component of (a->b) x (a->c): > 0 for a counter-clockwise turn. */
    private static double cross(double[] a, double[] b, double[] c) {
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    }
}
