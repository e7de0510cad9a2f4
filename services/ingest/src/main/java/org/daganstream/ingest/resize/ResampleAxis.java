package org.daganstream.ingest.resize;

import java.util.Arrays;

/**
 * The 1-D weights that take one axis of an 8-bit image to the model size exactly as the reference's
 * {@code skimage.transform.resize(img, (256, 256))} does (scikit-image 0.19 on SciPy >= 1.6):
 *
 * <ol>
 *   <li>anti-aliasing when downscaling: {@code scipy.ndimage.gaussian_filter} with
 *       sigma = max(0, (factor - 1) / 2), truncate 4 (radius = int(4 * sigma + 0.5)), mode 'mirror'
 *       (skimage's default mode 'reflect' is numpy's name for ndimage's 'mirror': d c b | a b c d | c b a);
 *       an axis whose sigma is not above 1e-15 is left unfiltered, as SciPy does;</li>
 *   <li>{@code scipy.ndimage.zoom(order=1, grid_mode=True, mode='mirror')}: output sample {@code o} reads the
 *       filtered signal at coordinate (o + 0.5) * in / out - 0.5, linearly interpolated, mirrored at the edges.</li>
 * </ol>
 *
 * Both steps are linear, so they fold into one sparse row of weights over input samples per output sample
 * (duplicates from mirroring merged). Applying the rows of the two axes one after the other is the reference
 * up to floating-point summation order.
 */
final class ResampleAxis {

    /** Below this SciPy's gaussian_filter skips an axis. */
    private static final double MIN_SIGMA = 1e-15;
    private static final double TRUNCATE = 4.0;

    final int inSize;
    final int outSize;
    /**
     * Output sample o is {@code sum_k weight[offset[o] + k] * input[first[o] + k]} for k below
     * {@code offset[o + 1] - offset[o]}: a contiguous window (zeros kept inside it) so the inner loops need no
     * index indirection.
     */
    final int[] first;
    final int[] offset;
    final double[] weight;

    private ResampleAxis(int inSize, int outSize, int[] first, int[] offset, double[] weight) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.first = first;
        this.offset = offset;
        this.weight = weight;
    }

    static ResampleAxis of(int inSize, int outSize) {
        if (inSize < 1 || outSize < 1) {
            throw new IllegalArgumentException("axis sizes must be positive, got " + inSize + " -> " + outSize);
        }
        double factor = (double) inSize / (double) outSize;
        double[] gaussian = gaussianKernel(Math.max(0.0, (factor - 1.0) / 2.0));
        int radius = gaussian.length / 2;

        double[] dense = new double[inSize];
        int[] first = new int[outSize];
        int[] offset = new int[outSize + 1];
        double[] weight = new double[Math.min(outSize * (2 * gaussian.length + 1), outSize * inSize)];
        int used = 0;
        for (int o = 0; o < outSize; o++) {
            Arrays.fill(dense, 0.0);
            double coordinate = (o + 0.5) * factor - 0.5;
            double left = Math.floor(coordinate);
            double t = coordinate - left;
            int leftSample = (int) left;
            // Linear interpolation of the filtered signal, whose own samples are Gaussian taps on the input.
            addFilteredSample(dense, mirror(leftSample, inSize), 1.0 - t, gaussian, radius);
            addFilteredSample(dense, mirror(leftSample + 1, inSize), t, gaussian, radius);
            int lo = 0;
            while (dense[lo] == 0.0) {
                lo++;
            }
            int hi = inSize - 1;
            while (dense[hi] == 0.0) {
                hi--;
            }
            if (used + hi - lo + 1 > weight.length) {
                weight = Arrays.copyOf(weight, Math.max(2 * weight.length, used + hi - lo + 1));
            }
            first[o] = lo;
            offset[o] = used;
            for (int i = lo; i <= hi; i++) {
                weight[used++] = dense[i];
            }
        }
        offset[outSize] = used;
        return new ResampleAxis(inSize, outSize, first, offset, Arrays.copyOf(weight, used));
    }

    private static void addFilteredSample(double[] dense, int sample, double share, double[] gaussian, int radius) {
        if (share == 0.0) {
            return;
        }
        for (int k = -radius; k <= radius; k++) {
            dense[mirror(sample + k, dense.length)] += share * gaussian[k + radius];
        }
    }

    /** SciPy's {@code _gaussian_kernel1d(sigma, 0, int(4 * sigma + 0.5))}; {@code [1]} when the axis is not filtered. */
    static double[] gaussianKernel(double sigma) {
        if (!(sigma > MIN_SIGMA)) {
            return new double[] {1.0};
        }
        int radius = (int) (TRUNCATE * sigma + 0.5);
        double[] kernel = new double[2 * radius + 1];
        double scale = -0.5 / (sigma * sigma);
        double sum = 0.0;
        for (int x = -radius; x <= radius; x++) {
            kernel[x + radius] = Math.exp(scale * ((double) x * x));
            sum += kernel[x + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }

    /** ndimage 'mirror' extension (reflect about the edge samples without repeating them), any distance. */
    static int mirror(int i, int size) {
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int m = Math.floorMod(i, period);
        return m < size ? m : period - m;
    }

    int maxTaps() {
        int max = 0;
        for (int o = 0; o < outSize; o++) {
            max = Math.max(max, offset[o + 1] - offset[o]);
        }
        return max;
    }
}
