package org.daganstream.inference;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, shape and element type of one graph input or output as the manifest declares it. A dimension of {@code -1}
 * is dynamic (the batch axis); it prints as {@code N}.
 */
public final class TensorSpec {
    /** The marker for a dynamic dimension in manifests and in ONNX Runtime's shape reports. */
    public static final long DYNAMIC = -1;

    private final String name;
    private final long[] shape;
    private final String dtype;

    public TensorSpec(String name, long[] shape, String dtype) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        this.dtype = Objects.requireNonNull(dtype, "dtype");
    }

    public String name() {
        return name;
    }

    /** The declared shape (a copy); {@link #DYNAMIC} marks the batch axis. */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Declared size of dimension {@code axis}, or {@link #DYNAMIC}. */
    public long dim(int axis) {
        return shape[axis];
    }

    public String dtype() {
        return dtype;
    }

    /** Number of elements in one sample, i.e. the product of every dimension after the batch axis. */
    public long sampleElements() {
        long count = 1;
        for (int axis = 1; axis < shape.length; axis++) {
            count *= shape[axis];
        }
        return count;
    }

    /** True when {@code actual} has this rank and equals every fixed dimension (dynamic ones take any size). */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.length) {
            return false;
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] != DYNAMIC && shape[axis] != actual[axis]) {
                return false;
            }
        }
        return true;
    }

    /** The shape as {@code [N,3,256,256]}, dynamic dimensions written {@code N}. */
    public String describeShape() {
        return formatShape(shape);
    }

    /** Formats any shape the way error messages print it: {@code [1,3,256,256]}, dynamic dimensions as {@code N}. */
    public static String formatShape(long[] dims) {
        StringBuilder text = new StringBuilder("[");
        for (int axis = 0; axis < dims.length; axis++) {
            if (axis > 0) {
                text.append(',');
            }
            text.append(dims[axis] < 0 ? "N" : Long.toString(dims[axis]));
        }
        return text.append(']').toString();
    }

    /** Formats an int shape (as {@code Tensor} carries it) like {@link #formatShape(long[])}. */
    public static String formatShape(int[] dims) {
        return formatShape(Arrays.stream(dims).asLongStream().toArray());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorSpec that && name.equals(that.name) && Arrays.equals(shape, that.shape)
                && dtype.equals(that.dtype);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), dtype);
    }

    @Override
    public String toString() {
        return name + " " + dtype + describeShape();
    }
}
