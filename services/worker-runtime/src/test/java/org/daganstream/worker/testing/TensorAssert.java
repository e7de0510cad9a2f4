package org.daganstream.worker.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.daganstream.common.tensor.Tensor;

/** Element-wise comparison of tensors with a tolerance. */
public final class TensorAssert {

    private TensorAssert() {
    }

    public static double maxAbsDiff(Tensor a, Tensor b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs((double) a.data()[i] - b.data()[i]));
        }
        return max;
    }

    /** Same shape and every element within {@code tolerance}. */
    public static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape " + Arrays.toString(actual.shape())
                + " instead of " + Arrays.toString(expected.shape()));
        double diff = maxAbsDiff(expected, actual);
        assertTrue(diff <= tolerance, what + ": max abs difference " + diff + " exceeds " + tolerance);
    }
}
