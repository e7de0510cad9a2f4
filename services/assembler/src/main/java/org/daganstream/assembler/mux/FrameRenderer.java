package org.daganstream.assembler.mux;

import java.util.Arrays;
import java.util.Iterator;

import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobNotFoundException;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.blob.BlobStoreException;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;

/**
 * Reads a job's frame tensors from the blob store and renders output frame {@code i} as interleaved RGB bytes: the
 * generated frame alone, or source | driving | generated side by side. One RGB buffer is reused for every frame (the
 * source panel is drawn into it once), so memory stays flat however long the video is.
 */
final class FrameRenderer implements AutoCloseable {

    private final String jobId;
    private final FrameLayout layout;
    private final byte[] rgb;
    private final BlobPrefetcher prefetcher;

    /**
     * @param frames output frames 0..frames-1 are rendered in order
     * @param prefetch how many blobs are read ahead
     */
    FrameRenderer(BlobStore blobs, String jobId, FrameLayout layout, String sourceKey, int frames, int prefetch) {
        this.jobId = jobId;
        this.layout = layout;
        this.rgb = new byte[layout.rgbBytes()];
        this.prefetcher = new BlobPrefetcher(blobs, keysInOrder(jobId, layout.sideBySide(), sourceKey, frames), prefetch);
        if (layout.sideBySide()) {
            try {
                draw(read(sourceKey, "source image"), 0);
            } catch (RuntimeException e) {
                prefetcher.close();
                throw e;
            }
        }
    }

    /** The order in which {@link #render} reads blobs. */
    private static Iterator<String> keysInOrder(String jobId, boolean sideBySide, String sourceKey, int frames) {
        return new Iterator<>() {
            private int next = sideBySide ? -1 : 0;
            private boolean drivingDone;

            @Override
            public boolean hasNext() {
                return next < frames;
            }

            @Override
            public String next() {
                if (next == -1) {
                    next = 0;
                    return sourceKey;
                }
                if (sideBySide && !drivingDone) {
                    drivingDone = true;
                    return BlobKeys.frame(jobId, next);
                }
                drivingDone = false;
                return BlobKeys.generated(jobId, next++);
            }
        };
    }

    @Override
    public void close() {
        prefetcher.close();
    }

    FrameLayout layout() {
        return layout;
    }

    /** The RGB bytes of output frame {@code index}; the array is reused by the next call. */
    byte[] render(int index) {
        if (layout.sideBySide()) {
            draw(read(BlobKeys.frame(jobId, index), "driving frame " + index), 1);
            draw(read(BlobKeys.generated(jobId, index), "generated frame " + index), 2);
        } else {
            draw(read(BlobKeys.generated(jobId, index), "generated frame " + index), 0);
        }
        return rgb;
    }

    private void draw(Tensor t, int panel) {
        FrameQuantizer.toRgb(t.data(), layout.panelWidth(), layout.panelHeight(), rgb, layout.rowBytes(),
                layout.panelX(panel));
    }

    private Tensor read(String key, String what) {
        byte[] bytes;
        try {
            bytes = prefetcher.take(key);
        } catch (BlobNotFoundException e) {
            throw new MuxException(what + " of job " + jobId + " is missing from storage (" + key + ")", e, false);
        } catch (BlobStoreException e) {
            // The store already retried; the job is tried again later.
            throw new MuxException("cannot read " + what + " of job " + jobId + ": " + e.getMessage(), e, true);
        }
        Tensor t;
        try {
            t = Npy.readFloat32(bytes);
        } catch (RuntimeException e) {
            throw new MuxException(what + " of job " + jobId + " (" + key + ") is not a float32 .npy tensor: "
                    + e.getMessage(), e, false);
        }
        int[] expected = {3, layout.panelHeight(), layout.panelWidth()};
        if (!Arrays.equals(t.shape(), expected)) {
            throw new MuxException(what + " of job " + jobId + " (" + key + ") has shape " + Arrays.toString(t.shape())
                    + "; expected " + Arrays.toString(expected), false);
        }
        return t;
    }
}
