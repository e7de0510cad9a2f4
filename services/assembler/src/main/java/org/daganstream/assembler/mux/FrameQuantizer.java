package org.daganstream.assembler.mux;

/**
 * Turns a model output tensor (float32, CHW, RGB, values in [0,1]) into 8-bit interleaved RGB exactly as the
 * reference demo writes frames: {@code rint(x * 255)} computed in float32, clipped to 0..255 (round half to even, like
 * NumPy's {@code rint}). NaN becomes 0.
 */
public final class FrameQuantizer {

    private FrameQuantizer() {
    }

    /** One value: {@code clip(rint(x * 255), 0, 255)}. */
    public static int quantize(float x) {
        float scaled = x * 255f;
        if (!(scaled > 0f)) {
            return 0; // also NaN
        }
        if (scaled >= 255f) {
            return 255;
        }
        return (int) Math.rint(scaled);
    }

    /**
     * Writes the {@code 3 x height x width} tensor {@code chw} into {@code rgb} (rows of {@code rowBytes} bytes,
     * 3 bytes per pixel) starting at pixel column {@code x0}; used both for a plain frame and for one panel of a
     * side-by-side frame.
     */
    public static void toRgb(float[] chw, int width, int height, byte[] rgb, int rowBytes, int x0) {
        int plane = width * height;
        if (chw.length != 3 * plane) {
            throw new IllegalArgumentException("tensor has " + chw.length + " values; expected 3x" + height + "x" + width);
        }
        if (rowBytes < (x0 + width) * 3 || rgb.length < rowBytes * height) {
            throw new IllegalArgumentException("RGB buffer too small for a " + width + "x" + height
                    + " panel at column " + x0);
        }
        for (int y = 0; y < height; y++) {
            int src = y * width;
            int dst = y * rowBytes + x0 * 3;
            for (int x = 0; x < width; x++, src++, dst += 3) {
                rgb[dst] = (byte) quantize(chw[src]);
                rgb[dst + 1] = (byte) quantize(chw[plane + src]);
                rgb[dst + 2] = (byte) quantize(chw[2 * plane + src]);
            }
        }
    }
}
