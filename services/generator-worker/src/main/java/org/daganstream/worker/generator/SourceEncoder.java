package org.daganstream.worker.generator;

import java.util.Map;

import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.GraphSession;
import org.daganstream.worker.TensorBlobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a job's {@link SourceTensors} from its source image and source depth blobs
 * ({@code jobs/{jobId}/source/image}, {@code jobs/{jobId}/source/depth}) with {@code source_encoder.onnx}. Everything
 * here depends on the source only, which is why it runs once per job rather than per frame.
 */
final class SourceEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(SourceEncoder.class);

    private final BlobStore blobs;
    private final GraphSession session;
    private final int[] imageShape;
    private final int[] depthShape;

    SourceEncoder(BlobStore blobs, GraphSession session) {
        this.blobs = blobs;
        this.session = session;
        this.imageShape = TensorBlobs.sampleShape(session.spec().input("source_image").orElseThrow());
        this.depthShape = TensorBlobs.sampleShape(session.spec().input("source_depth").orElseThrow());
    }

    SourceTensors encode(String jobId) {
        long started = System.nanoTime();
        String file = session.spec().file();
        Tensor image = TensorBlobs.read(blobs, BlobKeys.sourceImage(jobId), imageShape, "source image",
                file + " input source_image");
        Tensor depth = TensorBlobs.read(blobs, BlobKeys.sourceDepth(jobId), depthShape, "source depth",
                file + " input source_depth");
        Map<String, Tensor> out = session.run(Map.of("source_image", image.withBatchAxis(),
                "source_depth", depth.withBatchAxis()));
        SourceTensors tensors = new SourceTensors(image, out.get("source_feature").slice(0),
                out.get("attention_query").slice(0));
        LOG.info("encoded the source of job {} in {} ms ({} KiB cached)", jobId,
                (System.nanoTime() - started) / 1_000_000, tensors.bytes() / 1024);
        return tensors;
    }
}
