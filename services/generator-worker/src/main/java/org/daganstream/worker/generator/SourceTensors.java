package org.daganstream.worker.generator;

import org.daganstream.common.tensor.Tensor;

/**
 * What the generator needs from a job's source image, computed once per job: the source image itself and the
 * outputs of {@code source_encoder.onnx} (appearance feature map and attention query). Shapes without batch axis.
 */
record SourceTensors(Tensor image, Tensor feature, Tensor query) {

    /** Approximate heap size, for logs. */
    long bytes() {
        return 4L * (image.size() + feature.size() + query.size());
    }
}
