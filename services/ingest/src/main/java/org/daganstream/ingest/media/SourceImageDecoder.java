package org.daganstream.ingest.media;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.daganstream.ingest.InputRejectedException;

/**
 * Decodes the source image with Java's ImageIO (PNG, JPEG, BMP, GIF, TIFF, WBMP) into 8-bit RGB the way the
 * reference sees it ({@code imageio.imread} then {@code [..., :3]}):
 * <ul>
 *   <li>raw stored samples are used, no colour management (Java would otherwise gamma-convert grayscale);</li>
 *   <li>alpha is dropped; grayscale is replicated to R = G = B; palette images are expanded through the palette;</li>
 *   <li>16-bit samples become 8-bit by keeping the high byte ({@code v >> 8}), as {@code img_as_ubyte} and
 *       Pillow's 16-bit RGB decoding do.</li>
 * </ul>
 * EXIF orientation is ignored, as in the reference. The first image of a multi-image file is used.
 */
public final class SourceImageDecoder {

    private final Limits limits;

    public SourceImageDecoder(Limits limits) {
        this.limits = limits;
    }

    /**
     * @param bytes the whole file
     * @param label how to name the object in errors, e.g. "source image s3://dagan/uploads/j1/face.png"
     */
    public DecodedImage decode(byte[] bytes, String label) {
        MediaSniffer.Format format = MediaSniffer.sniff(bytes, MediaSniffer.HEAD_LENGTH);
        if (format.isVideo()) {
            throw new InputRejectedException("video-as-image", label + " is " + withArticle(format.name())
                    + ", not an image; upload a still image (PNG or JPEG) of the face as the source");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InputRejectedException("unsupported-image", label + " is " + describe(format)
                        + ", which cannot be read; upload a PNG or JPEG image (also accepted: BMP, GIF, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (!limits.fits(width, height)) {
                    throw new InputRejectedException("image-too-large", label + " is " + width + "x" + height
                            + ", above the limit " + limits.sizeLimit() + "; downscale it (the model works at 256x256)");
                }
                BufferedImage image = reader.read(0);
                return toRgb(image, format.name().replace(" image", ""));
            } finally {
                reader.dispose();
            }
        } catch (InputRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InputRejectedException("corrupt-image", label + " (" + describe(format)
                    + ") could not be decoded: " + message(e) + "; upload an intact PNG or JPEG image", e);
        }
    }

    /** Converts any decoded raster to packed RGB8 following the rules in the class comment. */
    static DecodedImage toRgb(BufferedImage image, String formatName) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel colorModel = image.getColorModel();
        Raster raster = image.getRaster();
        byte[] rgb = new byte[3 * width * height];
        if (colorModel instanceof IndexColorModel palette) {
            int[] index = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, index);
                for (int x = 0; x < width; x++) {
                    int p = 3 * (y * width + x);
                    rgb[p] = (byte) palette.getRed(index[x]);
                    rgb[p + 1] = (byte) palette.getGreen(index[x]);
                    rgb[p + 2] = (byte) palette.getBlue(index[x]);
                }
            }
            return new DecodedImage(rgb, width, height, formatName + " palette (" + palette.getMapSize() + " colours)");
        }
        int colorBands = colorModel.getNumColorComponents();
        if (colorBands != 1 && colorBands != 3) {
            throw new InputRejectedException("unsupported-image", "the image has " + colorBands
                    + " colour channels (e.g. CMYK); convert it to RGB or grayscale PNG/JPEG");
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        if (bits > 8 && bits != 16) {
            throw new InputRejectedException("unsupported-image", "the image has " + bits
                    + "-bit samples; save it with 8 or 16 bits per channel");
        }
        int[] samples = new int[width];
        for (int c = 0; c < 3; c++) {
            int band = colorBands == 1 ? 0 : c;
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, band, samples);
                for (int x = 0; x < width; x++) {
                    rgb[3 * (y * width + x) + c] = (byte) to8Bit(samples[x], bits);
                }
            }
        }
        String layout = (colorBands == 1 ? "grayscale" : "RGB") + (colorModel.hasAlpha() ? "+alpha (alpha dropped)" : "");
        return new DecodedImage(rgb, width, height, formatName + " " + bits + "-bit " + layout);
    }

    /** 16-bit keeps the high byte; 1/2/4-bit grayscale (PNG, BMP) is stretched to 0..255 as decoders do. */
    private static int to8Bit(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits == 16) {
            return sample >>> 8;
        }
        int max = (1 << bits) - 1;
        return sample * 255 / max;
    }

    static String describe(MediaSniffer.Format format) {
        return format == MediaSniffer.Format.UNKNOWN ? "in no recognised format" : withArticle(format.name());
    }

    static String withArticle(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean vowel = !lower.isEmpty() && "aeiou".indexOf(lower.charAt(0)) >= 0
                || lower.startsWith("mp4") || lower.startsWith("mpeg") || lower.startsWith("flv");
        return (vowel ? "an " : "a ") + name;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
