package org.daganstream.worker.depth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.GraphRole;
import org.daganstream.inference.GraphSession;
import org.daganstream.worker.StageContext;
import org.daganstream.worker.StageProcessor;
import org.daganstream.worker.TensorBlobs;

/**
 * Face depth for every frame: reads the frame tensor (3xSxS), runs {@code depth.onnx}, writes the 1xSxS depth map
 * at {@code jobs/{jobId}/depth/{index}} (the source's at {@code jobs/{jobId}/source/depth}) and records the key in
 * the descriptor.
 */
final class DepthProcessor implements StageProcessor<Tensor, Tensor> {

    private final BlobStore blobs;
    private final GraphSession depth;
    private final int[] imageShape;

    DepthProcessor(StageContext context) {
        this.blobs = context.blobs();
        this.depth = context.bundle().openSession(GraphRole.DEPTH, context.inference());
        this.imageShape = TensorBlobs.sampleShape(depth.spec().input("image").orElseThrow());
    }

    @Override
    public Tensor load(FrameDescriptor frame) {
        return TensorBlobs.read(blobs, frame.getBlobs().getFrame(), imageShape, "frame", depth.spec().file() + " input image");
    }

    @Override
    public List<Tensor> infer(List<Tensor> images) {
        List<Map<String, Tensor>> samples = new ArrayList<>(images.size());
        images.forEach(image -> samples.add(Map.of("image", image)));
        List<Tensor> maps = new ArrayList<>(images.size());
        depth.runBatch(samples).forEach(out -> maps.add(out.get("depth")));
        return maps;
    }

    @Override
    public FrameDescriptor store(FrameDescriptor frame, Tensor depthMap) {
        String key = frame.getRole() == FrameRole.SOURCE
                ? org.daganstream.common.blob.BlobKeys.sourceDepth(frame.getJobId())
                : org.daganstream.common.blob.BlobKeys.depth(frame.getJobId(), frame.getFrameIndex());
        blobs.putTensor(key, depthMap);
        return FrameDescriptor.newBuilder(frame)
                .setBlobs(BlobKeys.newBuilder(frame.getBlobs()).setDepth(key).build())
                .build();
    }

    @Override
    public void warmUp() {
        depth.warmUp();
    }

    @Override
    public void close() {
        depth.close();
    }
}
