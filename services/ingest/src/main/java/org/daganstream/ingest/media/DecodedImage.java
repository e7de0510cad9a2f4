package org.daganstream.ingest.media;

import org.daganstream.ingest.resize.Rgb8View;

/**
 * A decoded still image as packed 8-bit RGB, whatever it was stored as.
 *
 * @param rgb         packed rows, 3 bytes per pixel
 * @param width       pixels
 * @param height      pixels
 * @param description what was read and how it was converted, e.g. "PNG 16-bit grayscale+alpha", for logs
 */
public record DecodedImage(byte[] rgb, int width, int height, String description) {

    public DecodedImage {
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("packed RGB of " + width + "x" + height + " needs " + 3L * width * height
                    + " bytes, got " + rgb.length);
        }
    }

    public Rgb8View view() {
        return Rgb8View.packed(rgb, height, width);
    }
}
