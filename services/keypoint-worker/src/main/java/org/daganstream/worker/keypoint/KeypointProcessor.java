package org.daganstream.worker.keypoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.Keypoints;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.GraphRole;
import org.daganstream.inference.GraphSession;
import org.daganstream.worker.InvalidFrameException;
import org.daganstream.worker.StageContext;
import org.daganstream.worker.StageProcessor;
import org.daganstream.worker.TensorBlobs;

/**
 * Keypoints for every frame: reads the frame (3xSxS) and its depth map (1xSxS), runs {@code keypoints.onnx} and
 * puts the K keypoints and their Jacobians inline in the descriptor (a few hundred bytes, no blob).
 */
final class KeypointProcessor implements StageProcessor<KeypointProcessor.RgbD, KeypointProcessor.Detected> {

    /** One frame's image and depth. */
    record RgbD(Tensor image, Tensor depth) {
    }

    /** value [K,2] and jacobian [K,2,2]. */
    record Detected(Tensor value, Tensor jacobian) {
    }

    private final BlobStore blobs;
    private final GraphSession keypoints;
    private final int[] imageShape;
    private final int[] depthShape;

    KeypointProcessor(StageContext context) {
        this.blobs = context.blobs();
        this.keypoints = context.bundle().openSession(GraphRole.KEYPOINTS, context.inference());
        this.imageShape = TensorBlobs.sampleShape(keypoints.spec().input("image").orElseThrow());
        this.depthShape = TensorBlobs.sampleShape(keypoints.spec().input("depth").orElseThrow());
    }

    @Override
    public RgbD load(FrameDescriptor frame) {
        String depthKey = frame.getBlobs().getDepth();
        if (depthKey == null) {
            throw new InvalidFrameException("frame " + frame.getJobId() + "/" + frame.getFrameIndex()
                    + " has no depth blob (blobs.depth is null); the keypoint stage consumes the depth stage's output");
        }
        String file = keypoints.spec().file();
        Tensor image = TensorBlobs.read(blobs, frame.getBlobs().getFrame(), imageShape, "frame", file + " input image");
        Tensor depth = TensorBlobs.read(blobs, depthKey, depthShape, "depth", file + " input depth");
        return new RgbD(image, depth);
    }

    @Override
    public List<Detected> infer(List<RgbD> frames) {
        List<Map<String, Tensor>> samples = new ArrayList<>(frames.size());
        frames.forEach(f -> samples.add(Map.of("image", f.image(), "depth", f.depth())));
        List<Detected> out = new ArrayList<>(frames.size());
        keypoints.runBatch(samples).forEach(r -> out.add(new Detected(r.get("value"), r.get("jacobian"))));
        return out;
    }

    @Override
    public FrameDescriptor store(FrameDescriptor frame, Detected detected) {
        return FrameDescriptor.newBuilder(frame).setKeypoints(toRecord(detected)).build();
    }

    static Keypoints toRecord(Detected detected) {
        return Keypoints.newBuilder()
                .setNumKp(detected.value().dim(0))
                .setValue(boxed(detected.value().data()))
                .setJacobian(boxed(detected.jacobian().data()))
                .build();
    }

    private static List<Float> boxed(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    @Override
    public void warmUp() {
        keypoints.warmUp();
    }

    @Override
    public void close() {
        keypoints.close();
    }
}
