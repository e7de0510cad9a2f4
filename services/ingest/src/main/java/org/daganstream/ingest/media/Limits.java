package org.daganstream.ingest.media;

import org.daganstream.common.config.DaganConfig;

/**
 * What ingest accepts. Checked before work is spent: sizes from headers, bytes while downloading, frames while
 * decoding.
 *
 * @param maxWidth  widest accepted image or video frame, pixels ({@code ingest.max.width})
 * @param maxHeight tallest accepted image or video frame, pixels ({@code ingest.max.height})
 * @param maxFrames most driving frames per job ({@code ingest.max.frames})
 * @param maxBytes  largest accepted object, each of source image and driving video ({@code ingest.max.bytes})
 */
public record Limits(int maxWidth, int maxHeight, int maxFrames, long maxBytes) {

    public static final int DEFAULT_MAX_WIDTH = 4096;
    public static final int DEFAULT_MAX_HEIGHT = 4096;
    public static final int DEFAULT_MAX_FRAMES = 10_000;
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    public Limits {
        if (maxWidth < 1 || maxHeight < 1 || maxFrames < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxWidth + "x" + maxHeight + ", "
                    + maxFrames + " frames, " + maxBytes + " bytes");
        }
        if (maxFrames > org.daganstream.common.blob.BlobKeys.MAX_FRAME_INDEX + 1) {
            throw new IllegalArgumentException("ingest.max.frames " + maxFrames + " exceeds what frame blob keys can"
                    + " index (" + (org.daganstream.common.blob.BlobKeys.MAX_FRAME_INDEX + 1) + ")");
        }
    }

    public static Limits fromConfig(DaganConfig config) {
        return new Limits(
                config.getInt("ingest.max.width", DEFAULT_MAX_WIDTH, 1, 1 << 16),
                config.getInt("ingest.max.height", DEFAULT_MAX_HEIGHT, 1, 1 << 16),
                config.getInt("ingest.max.frames", DEFAULT_MAX_FRAMES, 1, org.daganstream.common.blob.BlobKeys.MAX_FRAME_INDEX + 1),
                config.getBytes("ingest.max.bytes", DEFAULT_MAX_BYTES));
    }

    public boolean fits(int width, int height) {
        return width <= maxWidth && height <= maxHeight;
    }

    public String sizeLimit() {
        return maxWidth + "x" + maxHeight + " (ingest.max.width x ingest.max.height)";
    }
}
