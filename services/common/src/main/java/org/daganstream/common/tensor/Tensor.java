package org.daganstream.common.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 array in C (row-major) order with its shape. The data array is shared, not copied, so a
 * 3x256x256 frame moves between decoder, blob store and ONNX Runtime without extra allocations; treat it as
 * read-only unless you created it.
 */
public final class Tensor {

    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** Wraps {@code data} (not copied) with {@code shape}; the element counts must agree. */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int[] s = shape.clone();
        Shapes.checkLength(data.length, s);
        return new Tensor(data, s);
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        return new Tensor(new float[Shapes.elementCount(s)], s);
    }

    /** Wraps data with a {@code long[]} shape, as ONNX Runtime reports it. */
    public static Tensor of(float[] data, long[] shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dimension " + shape[i] + " of shape " + Arrays.toString(shape) + " is not usable");
            }
            s[i] = (int) shape[i];
        }
        return of(data, s);
    }

    /** The backing array (shared). */
    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** The shape as ONNX Runtime wants it. */
    public long[] longShape() {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** A view of the data for {@code OnnxTensor.createTensor(env, buffer, longShape())}. */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data);
    }

    public float get(int... index) {
        return data[Shapes.offset(shape, index)];
    }

    /** Same data, new shape with the same element count. */
    public Tensor reshape(int... newShape) {
        return of(data, newShape);
    }

    /** Adds a leading batch axis of 1 (N=1), sharing the data. */
    public Tensor withBatchAxis() {
        int[] s = new int[shape.length + 1];
        s[0] = 1;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return new Tensor(data, s);
    }

    /** Item {@code i} along axis 0, copied, with axis 0 removed: splits a batch result into frames. */
    public Tensor slice(int i) {
        if (shape.length == 0 || i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("slice " + i + " outside shape " + Arrays.toString(shape));
        }
        int[] s = Arrays.copyOfRange(shape, 1, shape.length);
        int n = Shapes.elementCount(s);
        return new Tensor(Arrays.copyOfRange(data, i * n, (i + 1) * n), s);
    }

    /** Concatenates equal-shaped tensors along a new axis 0: builds a batch. */
    public static Tensor stack(java.util.List<Tensor> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("cannot stack an empty list of tensors");
        }
        int[] itemShape = items.get(0).shape;
        int n = items.get(0).size();
        float[] out = new float[Math.multiplyExact(n, items.size())];
        for (int i = 0; i < items.size(); i++) {
            Tensor t = items.get(i);
            if (!Arrays.equals(t.shape, itemShape)) {
                throw new IllegalArgumentException("cannot stack shape " + Arrays.toString(t.shape) + " with "
                        + Arrays.toString(itemShape) + " (item " + i + ")");
            }
            System.arraycopy(t.data, 0, out, i * n, n);
        }
        int[] s = new int[itemShape.length + 1];
        s[0] = items.size();
        System.arraycopy(itemShape, 0, s, 1, itemShape.length);
        return new Tensor(out, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor(float32 " + Arrays.toString(shape) + ")";
    }
}
