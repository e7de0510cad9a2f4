package org.daganstream.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.daganstream.common.tensor.Tensor;

/** Element-wise comparison and random inputs for tensor tests. */
final class TensorAssertions {
    private TensorAssertions() {
    }

    /** Largest absolute element difference; shapes must agree. */
    static double maxAbsDiff(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shapes differ");
        double max = 0;
        float[] a = expected.data();
        float[] b = actual.data();
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(diff)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, diff);
        }
        return max;
    }

    static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        double diff = maxAbsDiff(expected, actual);
        assertTrue(diff <= tolerance, what + ": max abs error " + diff + " exceeds " + tolerance);
    }

    /** Uniform values in [low, high), reproducible from {@code seed}. */
    static Tensor uniform(long seed, float low, float high, int... shape) {
        Tensor tensor = Tensor.zeros(shape);
        Random random = new Random(seed);
        float[] data = tensor.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = low + (high - low) * random.nextFloat();
        }
        return tensor;
    }
}
