package org.daganstream.ingest.resize;

/**
 * Resizes 8-bit RGB images to the model's input exactly like the reference's
 * {@code skimage.transform.resize(img, (h, w))} (anti-aliased when downscaling, bilinear, 'reflect' edges, see
 * {@link ResampleAxis}) on {@code img_as_float} input, producing float32 CHW in [0, 1] (the layout of a frame
 * blob: 3 x h x w without batch).
 *
 * <p>Separable: a horizontal pass over the input rows the vertical pass needs, then a vertical pass; weights and
 * scratch space are cached for the last input size, so decoding a video allocates nothing per frame.
 * skimage finally clips to the input's value range; with non-negative weights the result already lies in that
 * range up to rounding, so clamping to [0, 1] gives the same float32 values.
 *
 * <p>Not thread-safe: use one instance per decoding thread.
 */
public final class SkimageResize {

    /** DaGAN's input size. */
    public static final int MODEL_SIZE = 256;

    private static final double INV_255 = 1.0 / 255.0;

    private final int outHeight;
    private final int outWidth;
    private ResampleAxis rows;
    private ResampleAxis cols;
    /** Horizontal pass output per channel: [channel][inputRow * outWidth + outCol]. */
    private double[][] horizontal;
    private boolean[] rowNeeded;
    /** One input row as stored (forward strides only). */
    private byte[] rowBytes = new byte[0];
    /** One input row, per channel. */
    private double[][] inputRow;
    /** One output row of the vertical pass. */
    private double[] rowAccumulator;

    public SkimageResize(int outHeight, int outWidth) {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + outWidth + "x" + outHeight);
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /** The model's 256x256. */
    public static SkimageResize toModelSize() {
        return new SkimageResize(MODEL_SIZE, MODEL_SIZE);
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    /** Number of floats of one output image (3 * h * w). */
    public int outputLength() {
        return 3 * outHeight * outWidth;
    }

    public float[] resize(Rgb8View image) {
        float[] out = new float[outputLength()];
        resize(image, out);
        return out;
    }

    /** Writes the resized image into {@code out} (length {@link #outputLength()}), channel-major (CHW). */
    public void resize(Rgb8View image, float[] out) {
        if (out.length != outputLength()) {
            throw new IllegalArgumentException("output needs " + outputLength() + " floats, got " + out.length);
        }
        prepare(image.height(), image.width());
        int span = (image.width() - 1) * Math.abs(image.pixelStride()) + 3;
        if (rowBytes.length < span) {
            rowBytes = new byte[span];
        }
        horizontalPass(image);
        verticalPass(out);
    }

    private void prepare(int inHeight, int inWidth) {
        if (rows != null && rows.inSize == inHeight && cols.inSize == inWidth) {
            return;
        }
        rows = ResampleAxis.of(inHeight, outHeight);
        cols = ResampleAxis.of(inWidth, outWidth);
        horizontal = new double[3][inHeight * outWidth];
        rowNeeded = new boolean[inHeight];
        rowAccumulator = new double[outWidth];
        inputRow = new double[3][inWidth];
        for (int o = 0; o < outHeight; o++) {
            for (int k = 0; k < rows.offset[o + 1] - rows.offset[o]; k++) {
                rowNeeded[rows.first[o] + k] = true;
            }
        }
    }

    private void horizontalPass(Rgb8View image) {
        int[] first = cols.first;
        int[] offset = cols.offset;
        double[] weight = cols.weight;
        for (int r = 0; r < image.height(); r++) {
            if (!rowNeeded[r]) {
                continue;
            }
            deinterleaveRow(image, r);
            int target = r * outWidth;
            for (int c = 0; c < 3; c++) {
                double[] src = inputRow[c];
                double[] dst = horizontal[c];
                for (int o = 0; o < outWidth; o++) {
                    double sum = 0.0;
                    int taps = offset[o + 1] - offset[o];
                    for (int k = 0, w = offset[o], i = first[o]; k < taps; k++) {
                        sum += weight[w + k] * src[i + k];
                    }
                    dst[target + o] = sum;
                }
            }
        }
    }

    /** Copies one input row into per-channel arrays so the taps read contiguous memory. */
    private void deinterleaveRow(Rgb8View image, int r) {
        var data = image.data();
        int pixelStride = image.pixelStride();
        int p = image.base() + r * image.rowStride();
        double[] red = inputRow[0];
        double[] green = inputRow[1];
        double[] blue = inputRow[2];
        int width = red.length;
        if (pixelStride > 0) {
            // Forward rows: one bulk copy, then plain array reads (much faster than per-byte buffer access).
            int span = (width - 1) * pixelStride + 3;
            data.get(p, rowBytes, 0, span);
            for (int x = 0, q = 0; x < width; x++, q += pixelStride) {
                red[x] = rowBytes[q] & 0xFF;
                green[x] = rowBytes[q + 1] & 0xFF;
                blue[x] = rowBytes[q + 2] & 0xFF;
            }
            return;
        }
        for (int x = 0; x < width; x++, p += pixelStride) {
            red[x] = data.get(p) & 0xFF;
            green[x] = data.get(p + 1) & 0xFF;
            blue[x] = data.get(p + 2) & 0xFF;
        }
    }

    private void verticalPass(float[] out) {
        int plane = outHeight * outWidth;
        double[] acc = rowAccumulator;
        int[] first = rows.first;
        int[] offset = rows.offset;
        double[] weight = rows.weight;
        for (int c = 0; c < 3; c++) {
            double[] src = horizontal[c];
            for (int o = 0; o < outHeight; o++) {
                java.util.Arrays.fill(acc, 0.0);
                for (int k = offset[o]; k < offset[o + 1]; k++) {
                    int rowStart = (first[o] + k - offset[o]) * outWidth;
                    double w = weight[k];
                    for (int j = 0; j < outWidth; j++) {
                        acc[j] += w * src[rowStart + j];
                    }
                }
                int target = c * plane + o * outWidth;
                for (int j = 0; j < outWidth; j++) {
                    double v = acc[j] * INV_255;
                    out[target + j] = (float) (v < 0.0 ? 0.0 : Math.min(v, 1.0));
                }
            }
        }
    }
}
