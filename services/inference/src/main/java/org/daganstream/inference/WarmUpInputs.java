package org.daganstream.inference;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.daganstream.common.tensor.Tensor;

/**
 * Neutral batch-of-one inputs for warming a session up: mid-grey everywhere, identity matrices for Jacobians (a zero
 * Jacobian would make the generator invert a singular matrix and push NaNs through every layer).
 */
final class WarmUpInputs {
    private WarmUpInputs() {
    }

    static Map<String, Tensor> forGraph(GraphSpec spec) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (TensorSpec input : spec.inputs()) {
            long[] shape = input.shape();
            shape[0] = 1;
            float[] data = new float[Math.toIntExact(input.sampleElements())];
            if (isMatrixStack(shape)) {
                for (int offset = 0; offset < data.length; offset += 4) {
                    data[offset] = 1f;
                    data[offset + 3] = 1f;
                }
            } else {
                Arrays.fill(data, 0.5f);
            }
            inputs.put(input.name(), Tensor.of(data, shape));
        }
        return inputs;
    }

    /** Shapes ending in 2x2, i.e. keypoint Jacobians. */
    private static boolean isMatrixStack(long[] shape) {
        return shape.length >= 2 && shape[shape.length - 1] == 2 && shape[shape.length - 2] == 2;
    }
}
