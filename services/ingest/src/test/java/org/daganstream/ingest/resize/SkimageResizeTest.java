package org.daganstream.ingest.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.daganstream.common.tensor.ByteTensor;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.ingest.media.DecodedImage;
import org.daganstream.ingest.media.SourceImageDecoderAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the reference's skimage resize on every case of {@code models/fixtures/resize/} (uint8 inputs
 * and skimage 0.19 / SciPy outputs), through the same conversion the source image decoder applies.
 */
class SkimageResizeTest {

    /** float32 rounding of a float64 result; the observed difference is 0. */
    private static final double TOLERANCE = 1e-5;

    static Path resizeFixtures() {
        String fixtures = System.getProperty("dagan.fixtures");
        assertTrue(fixtures != null, "system property dagan.fixtures is not set (the parent pom's surefire sets it)");
        return Path.of(fixtures, "resize");
    }

    static Stream<Arguments> cases() throws Exception {
        JsonObject doc = new JsonObject(Files.readString(resizeFixtures().resolve("cases.json")));
        List<Arguments> cases = new ArrayList<>();
        for (Object c : doc.getJsonArray("cases")) {
            JsonObject json = (JsonObject) c;
            cases.add(Arguments.of(json.getString("name"), json.getJsonObject("input").getString("file"),
                    json.getJsonObject("expected").getString("file")));
        }
        assertTrue(cases.size() >= 7, "expected the full set of resize cases, found " + cases.size());
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReference(String name, String inputFile, String expectedFile) {
        ByteTensor input = Npy.readUInt8(resizeFixtures().resolve(inputFile));
        Tensor expected = Npy.readFloat32(resizeFixtures().resolve(expectedFile));
        assertArrayEquals(new int[] {256, 256, 3}, expected.shape());

        float[] actual = SkimageResize.toModelSize().resize(toRgb(input).view());

        double maxError = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                for (int c = 0; c < 3; c++) {
                    double e = Math.abs(actual[(c * 256 + y) * 256 + x] - expected.get(y, x, c));
                    maxError = Math.max(maxError, e);
                }
            }
        }
        System.out.printf("resize parity %s: max abs error %.3g%n", name, maxError);
        assertTrue(maxError <= TOLERANCE, name + ": max abs error " + maxError);
    }

    /** Gray, RGB and RGBA arrays go through the decoder's conversion, as an uploaded image would. */
    private static DecodedImage toRgb(ByteTensor input) {
        int[] shape = input.shape();
        int h = shape[0];
        int w = shape[1];
        int channels = shape.length == 2 ? 1 : shape[2];
        BufferedImage image = new BufferedImage(w, h, switch (channels) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
            default -> throw new IllegalArgumentException("unexpected channels " + channels);
        });
        int[] pixel = new int[channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    pixel[c] = input.get(channels == 1 ? new int[] {y, x} : new int[] {y, x, c});
                }
                image.getRaster().setPixel(x, y, pixel);
            }
        }
        return SourceImageDecoderAccess.toRgb(image);
    }

    @Test
    void identityIsExact() {
        byte[] rgb = new byte[256 * 256 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        float[] out = SkimageResize.toModelSize().resize(Rgb8View.packed(rgb, 256, 256));
        for (int y = 0; y < 256; y += 17) {
            for (int x = 0; x < 256; x += 13) {
                for (int c = 0; c < 3; c++) {
                    assertEquals((float) ((rgb[(y * 256 + x) * 3 + c] & 0xFF) / 255.0), out[(c * 256 + y) * 256 + x]);
                }
            }
        }
    }

    @Test
    void rotatedAndStridedViewsReadTheSamePixels() {
        // 2x3 image, rows padded to 16 bytes, 4 bytes per pixel (RGBA-like): values encode (row, col, channel).
        int h = 2;
        int w = 3;
        ByteBuffer data = ByteBuffer.allocate(16 * h);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                for (int ch = 0; ch < 3; ch++) {
                    data.put(r * 16 + c * 4 + ch, (byte) (100 * ch + 10 * r + c));
                }
            }
        }
        Rgb8View view = new Rgb8View(data, 0, h, w, 16, 4);
        Rgb8View cw = view.rotatedClockwise(90);
        assertEquals(3, cw.height());
        assertEquals(2, cw.width());
        for (int r = 0; r < cw.height(); r++) {
            for (int c = 0; c < cw.width(); c++) {
                assertEquals(view.get(h - 1 - c, r, 1), cw.get(r, c, 1));
            }
        }
        Rgb8View half = view.rotatedClockwise(180);
        assertEquals(view.get(0, 0, 2), half.get(h - 1, w - 1, 2));
        Rgb8View ccw = view.rotatedClockwise(270);
        for (int r = 0; r < ccw.height(); r++) {
            for (int c = 0; c < ccw.width(); c++) {
                assertEquals(view.get(c, w - 1 - r, 0), ccw.get(r, c, 0));
            }
        }
        assertEquals(view, view.rotatedClockwise(360));
    }

    @Test
    void resizingARotatedViewEqualsResizingARotatedCopy() {
        int h = 37;
        int w = 300;
        byte[] rgb = new byte[h * w * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) ((i * 31) ^ (i >> 5));
        }
        byte[] turned = new byte[rgb.length];
        for (int r = 0; r < w; r++) {
            for (int c = 0; c < h; c++) {
                System.arraycopy(rgb, ((h - 1 - c) * w + r) * 3, turned, (r * h + c) * 3, 3);
            }
        }
        float[] fromView = SkimageResize.toModelSize().resize(Rgb8View.packed(rgb, h, w).rotatedClockwise(90));
        float[] fromCopy = SkimageResize.toModelSize().resize(Rgb8View.packed(turned, w, h));
        assertArrayEquals(fromCopy, fromView);
    }

    @Test
    void rejectsViewsOutsideTheirBuffer() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Rgb8View(ByteBuffer.allocate(10), 0, 2, 2, 6, 3));
        assertTrue(e.getMessage().contains("reaches outside"), e.getMessage());
    }

    @Test
    void axisWeightsFollowScipy() {
        // Mirror extension: d c b | a b c d | c b a.
        assertEquals(1, ResampleAxis.mirror(-1, 4));
        assertEquals(2, ResampleAxis.mirror(4, 4));
        assertEquals(1, ResampleAxis.mirror(5, 4));
        assertEquals(0, ResampleAxis.mirror(-6, 4));
        assertEquals(0, ResampleAxis.mirror(7, 1));
        // sigma (2 - 1) / 2 = 0.5 -> radius int(4 * 0.5 + 0.5) = 2, normalised.
        double[] kernel = ResampleAxis.gaussianKernel(0.5);
        assertEquals(5, kernel.length);
        assertEquals(1.0, kernel[0] + kernel[1] + kernel[2] + kernel[3] + kernel[4], 1e-15);
        assertEquals(Math.exp(-2.0) * kernel[2], kernel[1], 1e-15);
        assertArrayEquals(new double[] {1.0}, ResampleAxis.gaussianKernel(0.0));
        // Every output's weights sum to one (a constant image stays constant).
        for (int in : new int[] {1, 7, 255, 256, 257, 1920}) {
            ResampleAxis axis = ResampleAxis.of(in, 256);
            for (int o = 0; o < 256; o++) {
                double sum = 0;
                for (int k = axis.offset[o]; k < axis.offset[o + 1]; k++) {
                    sum += axis.weight[k];
                }
                assertEquals(1.0, sum, 1e-12, "in=" + in + " o=" + o);
            }
        }
    }
}
