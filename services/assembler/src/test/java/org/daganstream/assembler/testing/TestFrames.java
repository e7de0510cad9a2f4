package org.daganstream.assembler.testing;

import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.tensor.Tensor;

/**
 * Smooth synthetic frames (so H.264 reproduces them closely), different per frame and per kind, written where the
 * pipeline writes them: generated frames, driving frames and the source image of a job.
 */
public final class TestFrames {

    public static final int GENERATED = 0;
    public static final int DRIVING = 1;
    public static final int SOURCE = 2;

    private TestFrames() {
    }

    /** A 3 x size x size tensor; a few corner pixels lie outside [0,1] to exercise clipping. */
    public static Tensor frame(int kind, int index, int size) {
        float[] data = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                double phase = 2 * Math.PI * (x + y) / size + index * 0.3 + kind * 1.1;
                data[i] = (float) (0.1 + 0.8 * x / (size - 1.0));
                data[plane + i] = (float) (0.1 + 0.8 * ((y + 7 * kind) % size) / (size - 1.0));
                data[2 * plane + i] = (float) (0.5 + 0.35 * Math.sin(phase));
            }
        }
        data[0] = -0.25f;
        data[1] = 1.5f;
        data[2] = 0.5f / 255f * 5f; // 2.5 levels: rounds half to even
        data[plane] = Float.NaN;
        return Tensor.of(data, 3, size, size);
    }

    /** Uploads generated frames 0..n-1, the driving frames and the source image of {@code jobId}. */
    public static void upload(BlobStore blobs, String jobId, int n, int size) {
        for (int i = 0; i < n; i++) {
            blobs.putTensor(BlobKeys.generated(jobId, i), frame(GENERATED, i, size));
            blobs.putTensor(BlobKeys.frame(jobId, i), frame(DRIVING, i, size));
        }
        blobs.putTensor(BlobKeys.sourceImage(jobId), frame(SOURCE, 0, size));
    }

    /** Independent reference of the expected 8-bit value: clip(rint(x*255), 0, 255) in float32, NaN as 0. */
    public static int expected(float x) {
        float v = x * 255f;
        if (Float.isNaN(v)) {
            return 0;
        }
        return (int) Math.max(0, Math.min(255, Math.rint(v)));
    }
}
