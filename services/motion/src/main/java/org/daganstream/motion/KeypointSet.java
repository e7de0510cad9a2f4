package org.daganstream.motion;

import java.util.Arrays;

/**
 * The keypoints of one image as the keypoint detector produces them: {@code numKp} points with (x, y) in
 * {@code value} (length K*2, row-major K x 2) and a 2x2 jacobian per point in {@code jacobian} (length K*4,
 * row-major K x 2 x 2: {@code [j00, j01, j10, j11]} per point).
 *
 * <p>Immutable: arrays are copied in and out, so a set can be cached in state and shared safely.
 */
public final class KeypointSet {

    private final int numKp;
    private final float[] value;
    private final float[] jacobian;

    private KeypointSet(int numKp, float[] value, float[] jacobian) {
        this.numKp = numKp;
        this.value = value;
        this.jacobian = jacobian;
    }

    /**
     * Validates and copies.
     *
     * @throws InvalidKeypointsException naming what is wrong (count mismatch, non-finite number)
     */
    public static KeypointSet of(int numKp, float[] value, float[] jacobian) {
        if (numKp <= 0) {
            throw new InvalidKeypointsException("numKp must be positive, got " + numKp);
        }
        if (value == null || jacobian == null) {
            throw new InvalidKeypointsException("keypoint " + (value == null ? "value" : "jacobian") + " is missing");
        }
        if (value.length != numKp * 2) {
            throw new InvalidKeypointsException("keypoint value has " + value.length + " floats but numKp=" + numKp
                    + " needs " + numKp * 2);
        }
        if (jacobian.length != numKp * 4) {
            throw new InvalidKeypointsException("keypoint jacobian has " + jacobian.length + " floats but numKp="
                    + numKp + " needs " + numKp * 4);
        }
        requireFinite("value", value);
        requireFinite("jacobian", jacobian);
        return new KeypointSet(numKp, value.clone(), jacobian.clone());
    }

    private static void requireFinite(String what, float[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidKeypointsException("keypoint " + what + "[" + i + "] is " + data[i]
                        + " (must be finite)");
            }
        }
    }

    public int numKp() {
        return numKp;
    }

    /** Copy of the K*2 point coordinates. */
    public float[] value() {
        return value.clone();
    }

    /** Copy of the K*4 jacobian entries. */
    public float[] jacobian() {
        return jacobian.clone();
    }

    public float x(int k) {
        return value[2 * k];
    }

    public float y(int k) {
        return value[2 * k + 1];
    }

    /** Jacobian entry (row, col) of point k. */
    public float jac(int k, int row, int col) {
        return jacobian[4 * k + 2 * row + col];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeypointSet other && numKp == other.numKp && Arrays.equals(value, other.value)
                && Arrays.equals(jacobian, other.jacobian);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * numKp + Arrays.hashCode(value)) + Arrays.hashCode(jacobian);
    }

    @Override
    public String toString() {
        return "KeypointSet[numKp=" + numKp + ", value=" + Arrays.toString(value) + "]";
    }
}
