package org.daganstream.worker.generator;

import java.util.List;

import org.daganstream.avro.Keypoints;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.worker.InvalidFrameException;

/** Turns inline {@link Keypoints} into the generator's {@code [K,2]} value and {@code [K,2,2]} Jacobian tensors. */
final class KeypointTensors {

    private KeypointTensors() {
    }

    /** value [K,2], jacobian [K,2,2]. */
    record Pair(Tensor value, Tensor jacobian) {
    }

    /**
     * @param which which set, for messages ({@code "sourceKeypoints"})
     * @param frame the frame, for messages
     * @throws InvalidFrameException when the set is missing, has another K, wrong lengths or non-finite numbers
     */
    static Pair of(Keypoints keypoints, int numKp, String which, String frame) {
        if (keypoints == null) {
            throw new InvalidFrameException("frame " + frame + " has no " + which
                    + "; the generator consumes frames normalised by the motion stage");
        }
        if (keypoints.getNumKp() != numKp) {
            throw new InvalidFrameException("frame " + frame + " " + which + " has " + keypoints.getNumKp()
                    + " keypoints, the model bundle has " + numKp);
        }
        return new Pair(
                Tensor.of(floats(keypoints.getValue(), numKp * 2, which + ".value", frame), numKp, 2),
                Tensor.of(floats(keypoints.getJacobian(), numKp * 4, which + ".jacobian", frame), numKp, 2, 2));
    }

    private static float[] floats(List<Float> values, int expected, String what, String frame) {
        if (values == null || values.size() != expected) {
            throw new InvalidFrameException("frame " + frame + " " + what + " holds " + (values == null ? 0 : values.size())
                    + " numbers, expected " + expected);
        }
        float[] out = new float[expected];
        for (int i = 0; i < expected; i++) {
            Float v = values.get(i);
            if (v == null || !Float.isFinite(v)) {
                throw new InvalidFrameException("frame " + frame + " " + what + "[" + i + "] is " + v);
            }
            out[i] = v;
        }
        return out;
    }
}
