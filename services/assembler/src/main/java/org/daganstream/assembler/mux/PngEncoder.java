package org.daganstream.assembler.mux;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Lossless 8-bit RGB PNG from interleaved RGB bytes (Java ImageIO). */
final class PngEncoder {

    private final int width;
    private final int height;
    private final BufferedImage image;
    private final byte[] bgr;

    PngEncoder(int width, int height) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    byte[] encode(byte[] rgb) {
        if (rgb.length != bgr.length) {
            throw new IllegalArgumentException("frame has " + rgb.length + " bytes; expected " + width + "x" + height + "x3");
        }
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rgb.length / 2);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
