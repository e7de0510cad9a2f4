package org.daganstream.worker.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.Keypoints;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.schema.AvroTrust;

/** Frame descriptors as the stages before a worker publish them. */
public final class Frames {

    static {
        AvroTrust.install();
    }

    private Frames() {
    }

    /** A descriptor as ingest publishes it: frame blob at the deterministic key, nothing else yet. */
    public static FrameDescriptor decoded(String jobId, int frameIndex, int frameCount, String bundleId) {
        boolean source = frameIndex == FrameKeys.SOURCE_INDEX;
        Map<String, Long> stamps = new HashMap<>();
        stamps.put("ingest", 1_000L);
        return FrameDescriptor.newBuilder()
                .setJobId(jobId)
                .setFrameIndex(frameIndex)
                .setFrameCount(frameCount)
                .setRole(source ? FrameRole.SOURCE : FrameRole.DRIVING)
                .setModelBundleId(bundleId)
                .setBlobs(BlobKeys.newBuilder().setFrame(source
                        ? org.daganstream.common.blob.BlobKeys.sourceImage(jobId)
                        : org.daganstream.common.blob.BlobKeys.frame(jobId, frameIndex)).build())
                .setStageTimestamps(stamps)
                .build();
    }

    /** {@code decoded} plus the depth blob key the depth stage would have set. */
    public static FrameDescriptor withDepth(FrameDescriptor d) {
        String key = d.getRole() == FrameRole.SOURCE
                ? org.daganstream.common.blob.BlobKeys.sourceDepth(d.getJobId())
                : org.daganstream.common.blob.BlobKeys.depth(d.getJobId(), d.getFrameIndex());
        return FrameDescriptor.newBuilder(d)
                .setBlobs(BlobKeys.newBuilder(d.getBlobs()).setDepth(key).build())
                .build();
    }

    /** A driving frame as motion publishes it: own, source and normalised driving keypoints. */
    public static FrameDescriptor motion(String jobId, int frameIndex, int frameCount, String bundleId,
                                         Keypoints own, Keypoints source, Keypoints driving) {
        return FrameDescriptor.newBuilder(withDepth(decoded(jobId, frameIndex, frameCount, bundleId)))
                .setKeypoints(own)
                .setSourceKeypoints(source)
                .setDrivingKeypoints(driving)
                .build();
    }

    /** Keypoints from value [K,2] and jacobian [K,2,2] tensors. */
    public static Keypoints keypoints(Tensor value, Tensor jacobian) {
        return Keypoints.newBuilder()
                .setNumKp(value.dim(0))
                .setValue(floats(value))
                .setJacobian(floats(jacobian))
                .build();
    }

    public static List<Float> floats(Tensor t) {
        Float[] boxed = new Float[t.size()];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = t.data()[i];
        }
        return List.of(boxed);
    }
}
