package org.daganstream.motion;

import java.util.ArrayList;
import java.util.List;

import org.daganstream.avro.Keypoints;

/** Converts between the wire record {@link Keypoints} and {@link KeypointSet}. */
final class KeypointsMapping {

    private KeypointsMapping() {
    }

    /** @throws InvalidKeypointsException naming what is wrong with the record */
    static KeypointSet fromAvro(Keypoints keypoints) {
        return KeypointSet.of(keypoints.getNumKp(), toArray(keypoints.getValue(), "value"),
                toArray(keypoints.getJacobian(), "jacobian"));
    }

    static Keypoints toAvro(KeypointSet keypoints) {
        return Keypoints.newBuilder()
                .setNumKp(keypoints.numKp())
                .setValue(toList(keypoints.value()))
                .setJacobian(toList(keypoints.jacobian()))
                .build();
    }

    private static float[] toArray(List<Float> list, String what) {
        if (list == null) {
            return null;
        }
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            Float f = list.get(i);
            if (f == null) {
                throw new InvalidKeypointsException("keypoint " + what + "[" + i + "] is null");
            }
            out[i] = f;
        }
        return out;
    }

    private static List<Float> toList(float[] data) {
        List<Float> out = new ArrayList<>(data.length);
        for (float f : data) {
            out.add(f);
        }
        return out;
    }
}
