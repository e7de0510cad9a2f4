package org.daganstream.ingest.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daganstream.ingest.InputRejectedException;
import org.daganstream.ingest.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceImageDecoderTest {

    private static final String LABEL = "source image s3://dagan/uploads/j1/face.png";
    private final SourceImageDecoder decoder = new SourceImageDecoder(new Limits(100, 100, 10, 1_000_000));

    private static int[] pixel(DecodedImage image, int x, int y) {
        int p = 3 * (y * image.width() + x);
        return new int[] {image.rgb()[p] & 0xFF, image.rgb()[p + 1] & 0xFF, image.rgb()[p + 2] & 0xFF};
    }

    @Test
    void readsRgbPngExactly() {
        BufferedImage rgb = TestMedia.rgbImage(20, 10);
        DecodedImage image = decoder.decode(TestMedia.png(rgb), LABEL);
        assertEquals(20, image.width());
        assertEquals(10, image.height());
        for (int[] xy : new int[][] {{0, 0}, {19, 9}, {7, 3}}) {
            int argb = rgb.getRGB(xy[0], xy[1]);
            assertArrayEquals(new int[] {(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF}, pixel(image, xy[0], xy[1]));
        }
        assertTrue(image.description().startsWith("PNG 8-bit RGB"), image.description());
    }

    @Test
    void replicatesGrayscaleWithoutGammaConversion() {
        BufferedImage gray = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 2, 0, 100);
        DecodedImage image = decoder.decode(TestMedia.png(gray), LABEL);
        assertArrayEquals(new int[] {100, 100, 100}, pixel(image, 3, 2));
        assertArrayEquals(new int[] {0, 0, 0}, pixel(image, 0, 0));
        assertTrue(image.description().contains("grayscale"), image.description());
    }

    @Test
    void dropsAlpha() {
        BufferedImage rgba = new BufferedImage(6, 6, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(1, 1, (0x10 << 24) | (200 << 16) | (150 << 8) | 50);
        DecodedImage image = decoder.decode(TestMedia.png(rgba), LABEL);
        // The stored colour is kept as is: no premultiplication, no compositing on a background.
        assertArrayEquals(new int[] {200, 150, 50}, pixel(image, 1, 1));
        assertTrue(image.description().contains("alpha dropped"), image.description());
    }

    @Test
    void keepsTheHighByteOf16BitSamples() {
        BufferedImage rgb16 = image16(3, false);
        WritableRaster r = rgb16.getRaster();
        r.setPixel(2, 1, new int[] {0xABCD, 0x00FF, 0xFF00});
        DecodedImage image = decoder.decode(TestMedia.png(rgb16), LABEL);
        assertArrayEquals(new int[] {0xAB, 0x00, 0xFF}, pixel(image, 2, 1));
        assertTrue(image.description().contains("16-bit RGB"), image.description());

        BufferedImage gray16 = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 3, 0, 0x8123);
        assertArrayEquals(new int[] {0x81, 0x81, 0x81}, pixel(decoder.decode(TestMedia.png(gray16), LABEL), 0, 3));

        BufferedImage rgba16 = image16(4, true);
        rgba16.getRaster().setPixel(1, 1, new int[] {0x1200, 0x3400, 0x5600, 0x0001});
        assertArrayEquals(new int[] {0x12, 0x34, 0x56}, pixel(decoder.decode(TestMedia.png(rgba16), LABEL), 1, 1));
    }

    @Test
    void expandsPalettes() {
        byte[] reds = {0, (byte) 250};
        byte[] greens = {0, 20};
        byte[] blues = {0, 90};
        BufferedImage indexed = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(1, 2, reds, greens, blues));
        indexed.getRaster().setSample(4, 4, 0, 1);
        DecodedImage image = decoder.decode(TestMedia.png(indexed), LABEL);
        assertArrayEquals(new int[] {250, 20, 90}, pixel(image, 4, 4));
        assertArrayEquals(new int[] {0, 0, 0}, pixel(image, 0, 0));
    }

    @Test
    void readsJpeg() {
        DecodedImage image = decoder.decode(TestMedia.encode(TestMedia.rgbImage(32, 16), "jpg"), LABEL);
        assertEquals(32, image.width());
        assertTrue(image.description().startsWith("JPEG"), image.description());
        // Lossy: the right edge is near full red.
        assertTrue(pixel(image, 31, 8)[0] > 200);
    }

    @Test
    void rejectsAVideoGivenAsTheImage(@TempDir Path dir) throws Exception {
        Path mp4 = TestMedia.writeMp4(dir.resolve("drive.mp4"), TestMedia.VideoSpec.of(32, 32, 2));
        var e = assertThrows(InputRejectedException.class, () -> decoder.decode(Files.readAllBytes(mp4), LABEL));
        assertEquals("video-as-image", e.category());
        assertTrue(e.getMessage().startsWith(LABEL + " is an MP4/QuickTime video, not an image"), e.getMessage());
    }

    @Test
    void rejectsGarbageTruncatedAndOversizedImages() {
        var garbage = assertThrows(InputRejectedException.class, () -> decoder.decode(new byte[] {1, 2, 3, 4, 5}, LABEL));
        assertEquals("unsupported-image", garbage.category());
        assertTrue(garbage.getMessage().contains("in no recognised format"), garbage.getMessage());

        byte[] png = TestMedia.png(TestMedia.rgbImage(50, 50));
        byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
        var truncated = assertThrows(InputRejectedException.class, () -> decoder.decode(cut, LABEL));
        assertEquals("corrupt-image", truncated.category());
        assertTrue(truncated.getMessage().contains("could not be decoded"), truncated.getMessage());

        var large = assertThrows(InputRejectedException.class,
                () -> decoder.decode(TestMedia.png(TestMedia.rgbImage(101, 20)), LABEL));
        assertEquals("image-too-large", large.category());
        assertTrue(large.getMessage().contains("101x20, above the limit 100x100"), large.getMessage());
    }

    private static BufferedImage image16(int bands, boolean alpha) {
        ColorSpace cs = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        ComponentColorModel model = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(4, 3);
        assertEquals(bands, raster.getNumBands());
        return new BufferedImage(model, raster, false, null);
    }
}
