package org.daganstream.worker;

import java.util.Arrays;

import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.NpyFormatException;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.TensorSpec;

/**
 * Reads the tensor blobs a stage consumes and checks them against what its graph expects, so a bad blob fails its
 * frame with a message naming the key, what was found and what was expected. Storage errors pass through unchanged
 * (the runtime retries them); content errors become {@link InvalidFrameException}s (dead-lettered at once).
 */
public final class TensorBlobs {

    private TensorBlobs() {
    }

    /**
     * Reads {@code key} as a float32 {@code .npy} whose shape must equal {@code expected}.
     *
     * @param what what the blob is, for messages ({@code "frame"}, {@code "source depth"})
     * @param usedAs the graph input it feeds, for messages ({@code "depth.onnx input image"})
     */
    public static Tensor read(BlobStore blobs, String key, int[] expected, String what, String usedAs) {
        byte[] bytes = blobs.get(key);
        Tensor tensor;
        try {
            tensor = Npy.readFloat32(bytes);
        } catch (NpyFormatException e) {
            throw new InvalidFrameException(what + " blob " + key + " is not a float32 .npy tensor: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidFrameException(what + " blob " + key + " cannot be read as a tensor: " + e.getMessage(), e);
        }
        if (!Arrays.equals(tensor.shape(), expected)) {
            throw new InvalidFrameException(what + " blob " + key + " has shape " + TensorSpec.formatShape(tensor.shape())
                    + ", " + usedAs + " expects " + TensorSpec.formatShape(expected));
        }
        for (float v : tensor.data()) {
            if (!Float.isFinite(v)) {
                throw new InvalidFrameException(what + " blob " + key + " holds NaN or infinite values");
            }
        }
        return tensor;
    }

    /** One sample's shape of a graph tensor: the declared shape without its batch axis. */
    public static int[] sampleShape(TensorSpec spec) {
        long[] shape = spec.shape();
        int[] out = new int[shape.length - 1];
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalStateException(spec + " has a dynamic dimension besides the batch axis");
            }
            out[i - 1] = (int) shape[i];
        }
        return out;
    }
}
