package org.daganstream.common.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor types. */
final class Shapes {

    private Shapes() {
    }

    /** Number of elements of {@code shape}; rejects negative dimensions and overflow. */
    static int elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements for one array");
            }
        }
        return (int) count;
    }

    static void checkLength(int length, int[] shape) {
        int expected = elementCount(shape);
        if (length != expected) {
            throw new IllegalArgumentException("data has " + length + " elements but shape " + Arrays.toString(shape)
                    + " needs " + expected);
        }
    }

    static int offset(int[] shape, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length
                    + " but the tensor has shape " + Arrays.toString(shape));
        }
        int offset = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            offset = offset * shape[i] + index[i];
        }
        return offset;
    }
}
