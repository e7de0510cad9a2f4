package org.daganstream.motion;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.Keypoints;
import org.daganstream.avro.MotionOptions;
import org.daganstream.common.blob.BlobKeys;

/** Frame descriptors as the keypoint stage publishes them. */
final class TestFrames {

    static final String BUNDLE = "tiny-test";

    private TestFrames() {
    }

    static MotionOptions options(boolean relative, boolean adaptScale, int anchorFrame) {
        return MotionOptions.newBuilder().setRelative(relative).setAdaptScale(adaptScale).setAnchorFrame(anchorFrame)
                .build();
    }

    static FrameDescriptor source(String jobId, int frameCount, MotionOptions options, KeypointSet kp) {
        return frame(jobId, -1, frameCount, FrameRole.SOURCE, options, kp);
    }

    static FrameDescriptor driving(String jobId, int index, int frameCount, MotionOptions options, KeypointSet kp) {
        return frame(jobId, index, frameCount, FrameRole.DRIVING, options, kp);
    }

    static FrameDescriptor frame(String jobId, int index, int frameCount, FrameRole role, MotionOptions options,
            KeypointSet kp) {
        Map<String, Long> timestamps = new HashMap<>();
        timestamps.put("ingest", 1_000L);
        timestamps.put("keypoint-worker", 2_000L);
        return FrameDescriptor.newBuilder()
                .setJobId(jobId)
                .setFrameIndex(index)
                .setFrameCount(frameCount)
                .setRole(role)
                .setModelBundleId(BUNDLE)
                .setBlobs(org.daganstream.avro.BlobKeys.newBuilder()
                        .setFrame(role == FrameRole.SOURCE ? BlobKeys.sourceImage(jobId) : BlobKeys.frame(jobId, index))
                        .setDepth(role == FrameRole.SOURCE ? BlobKeys.sourceDepth(jobId) : BlobKeys.depth(jobId, index))
                        .build())
                .setKeypoints(kp == null ? null : KeypointsMapping.toAvro(kp))
                .setMotion(options)
                .setStageTimestamps(timestamps)
                .build();
    }

    /** The same frame as published by a later ingest run. */
    static FrameDescriptor fromIngestRun(FrameDescriptor frame, long ingestMs) {
        Map<String, Long> timestamps = new HashMap<>(frame.getStageTimestamps());
        timestamps.put("ingest", ingestMs);
        return FrameDescriptor.newBuilder(frame).setStageTimestamps(timestamps).build();
    }

    /** Plausible detector output: points spread in [-0.8, 0.8], jacobians near identity. */
    static KeypointSet randomKeypoints(Random random, int numKp) {
        float[] value = new float[numKp * 2];
        float[] jacobian = new float[numKp * 4];
        for (int k = 0; k < numKp; k++) {
            value[2 * k] = (random.nextFloat() - 0.5f) * 1.6f;
            value[2 * k + 1] = (random.nextFloat() - 0.5f) * 1.6f;
            jacobian[4 * k] = 1 + (random.nextFloat() - 0.5f) * 0.4f;
            jacobian[4 * k + 1] = (random.nextFloat() - 0.5f) * 0.4f;
            jacobian[4 * k + 2] = (random.nextFloat() - 0.5f) * 0.4f;
            jacobian[4 * k + 3] = 1 + (random.nextFloat() - 0.5f) * 0.4f;
        }
        return KeypointSet.of(numKp, value, jacobian);
    }

    static KeypointSet fromAvro(Keypoints keypoints) {
        return KeypointsMapping.fromAvro(keypoints);
    }
}
