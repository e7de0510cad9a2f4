package org.daganstream.ingest.media;

import java.awt.image.BufferedImage;

/** Test access to the decoder's package-private raster conversion. */
public final class SourceImageDecoderAccess {

    private SourceImageDecoderAccess() {
    }

    public static DecodedImage toRgb(BufferedImage image) {
        return SourceImageDecoder.toRgb(image, "test");
    }
}
