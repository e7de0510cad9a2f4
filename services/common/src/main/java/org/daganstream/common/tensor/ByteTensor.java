package org.daganstream.common.tensor;

import java.util.Arrays;
import java.util.Objects;

/** A dense uint8 array in C order (e.g. an H x W x 3 RGB image); values are {@code data[i] & 0xFF}. */
public final class ByteTensor {

    private final byte[] data;
    private final int[] shape;

    private ByteTensor(byte[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** Wraps {@code data} (not copied) with {@code shape}. */
    public static ByteTensor of(byte[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int[] s = shape.clone();
        Shapes.checkLength(data.length, s);
        return new ByteTensor(data, s);
    }

    public byte[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return data.length;
    }

    /** Unsigned value at {@code index}. */
    public int get(int... index) {
        return data[Shapes.offset(shape, index)] & 0xFF;
    }

    /** Float copy with every value multiplied by {@code scale} (1/255f maps 0..255 to 0..1). */
    public Tensor toFloat(float scale) {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (data[i] & 0xFF) * scale;
        }
        return Tensor.of(out, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ByteTensor(uint8 " + Arrays.toString(shape) + ")";
    }
}
