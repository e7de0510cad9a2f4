package org.daganstream.ingest.resize;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A read-only view of 8-bit RGB pixels in a buffer: pixel (row, col), channel c lives at
 * {@code base + row * rowStride + col * pixelStride + c}. Strides may be negative, which lets a rotated or
 * flipped frame be read in place (no copy) and lets RGBA (pixelStride 4) drop its alpha for free.
 */
public record Rgb8View(ByteBuffer data, int base, int height, int width, int rowStride, int pixelStride) {

    public Rgb8View {
        Objects.requireNonNull(data, "data");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        }
        if (Math.abs(pixelStride) < 3) {
            throw new IllegalArgumentException("pixel stride must cover 3 channels, got " + pixelStride);
        }
        long[] corners = {
            base, base + (long) (height - 1) * rowStride,
            base + (long) (width - 1) * pixelStride, base + (long) (height - 1) * rowStride + (long) (width - 1) * pixelStride
        };
        for (long corner : corners) {
            if (corner < 0 || corner + 3 > data.limit()) {
                throw new IllegalArgumentException("a " + width + "x" + height + " view with row stride " + rowStride
                        + " and pixel stride " + pixelStride + " reaches outside its " + data.limit() + "-byte buffer");
            }
        }
    }

    /** Packed RGB rows (stride 3 * width), as the decoders here produce. */
    public static Rgb8View packed(byte[] rgb, int height, int width) {
        if (rgb.length != 3L * height * width) {
            throw new IllegalArgumentException("packed RGB of " + width + "x" + height + " needs " + 3L * height * width
                    + " bytes, got " + rgb.length);
        }
        return new Rgb8View(ByteBuffer.wrap(rgb), 0, height, width, 3 * width, 3);
    }

    /** Unsigned value of channel {@code c} of pixel (row, col). */
    public int get(int row, int col, int c) {
        return data.get(base + row * rowStride + col * pixelStride + c) & 0xFF;
    }

    /**
     * The same pixels turned clockwise by {@code degrees} (a multiple of 90), as a view over the same buffer.
     * Used to honour a video's display rotation the way the ffmpeg command line does by default.
     */
    public Rgb8View rotatedClockwise(int degrees) {
        int quarterTurns = Math.floorMod(degrees, 360) / 90;
        if (Math.floorMod(degrees, 90) != 0) {
            throw new IllegalArgumentException("rotation must be a multiple of 90 degrees, got " + degrees);
        }
        return switch (quarterTurns) {
            case 0 -> this;
            // new(r, c) = old(h - 1 - c, r)
            case 1 -> new Rgb8View(data, base + (height - 1) * rowStride, width, height, pixelStride, -rowStride);
            // new(r, c) = old(h - 1 - r, w - 1 - c)
            case 2 -> new Rgb8View(data, base + (height - 1) * rowStride + (width - 1) * pixelStride, height, width,
                    -rowStride, -pixelStride);
            // new(r, c) = old(c, w - 1 - r)
            default -> new Rgb8View(data, base + (width - 1) * pixelStride, width, height, -pixelStride, rowStride);
        };
    }
}
