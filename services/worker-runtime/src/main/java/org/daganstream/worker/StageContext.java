package org.daganstream.worker;

import io.micrometer.core.instrument.MeterRegistry;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.inference.ModelBundle;

/**
 * What a {@link StageProcessor} is built from.
 *
 * @param stage     stage name ({@code depth}, {@code keypoints}, {@code generator})
 * @param config    the service configuration
 * @param bundle    the verified model bundle ({@code model.bundle.dir})
 * @param inference ONNX Runtime options ({@code inference.*})
 * @param blobs     the blob store holding frames and tensors
 * @param registry  where stage-specific meters go (tagged with service and instance already)
 */
public record StageContext(String stage, DaganConfig config, ModelBundle bundle, InferenceOptions inference,
                           BlobStore blobs, MeterRegistry registry) {
}
