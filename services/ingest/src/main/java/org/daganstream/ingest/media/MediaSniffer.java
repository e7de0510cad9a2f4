package org.daganstream.ingest.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Names a file's format from its first bytes, so errors can say "this is a PNG image, not a video" instead of
 * passing on a decoder's message. Only a hint for messages and for refusing the wrong kind early; the decoders
 * still decide what they can read.
 */
public final class MediaSniffer {

    /** How many leading bytes {@link #sniff} looks at. */
    public static final int HEAD_LENGTH = 512;

    public enum Kind { IMAGE, VIDEO, UNKNOWN }

    /** A detected format: its kind and a human name such as "PNG image". */
    public record Format(Kind kind, String name) {
        public static final Format UNKNOWN = new Format(Kind.UNKNOWN, "unrecognised data");

        public boolean isImage() {
            return kind == Kind.IMAGE;
        }

        public boolean isVideo() {
            return kind == Kind.VIDEO;
        }
    }

    private MediaSniffer() {
    }

    public static Format sniff(byte[] head) {
        return sniff(head, head.length);
    }

    /** Detects the format from the first {@code length} bytes of {@code head}. */
    public static Format sniff(byte[] head, int length) {
        byte[] h = Arrays.copyOf(head, Math.min(length, head.length));
        if (h.length == 0) {
            return new Format(Kind.UNKNOWN, "empty file");
        }
        if (startsWith(h, 0, 0x89, 'P', 'N', 'G')) {
            return image("PNG");
        }
        if (startsWith(h, 0, 0xFF, 0xD8, 0xFF)) {
            return image("JPEG");
        }
        if (ascii(h, 0, "GIF87a") || ascii(h, 0, "GIF89a")) {
            return image("GIF");
        }
        if (ascii(h, 0, "BM") && h.length >= 14) {
            return image("BMP");
        }
        if (startsWith(h, 0, 'I', 'I', 42, 0) || startsWith(h, 0, 'M', 'M', 0, 42)) {
            return image("TIFF");
        }
        if (ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP")) {
            return image("WebP");
        }
        if (ascii(h, 4, "ftyp")) {
            String brand = h.length >= 12 ? new String(h, 8, 4, StandardCharsets.ISO_8859_1) : "";
            if (brand.startsWith("avif") || brand.startsWith("avis")) {
                return image("AVIF");
            }
            if (brand.startsWith("heic") || brand.startsWith("heix") || brand.startsWith("mif1")) {
                return image("HEIF");
            }
            return video("MP4/QuickTime");
        }
        if (ascii(h, 4, "moov") || ascii(h, 4, "mdat") || ascii(h, 4, "wide") || ascii(h, 4, "free")) {
            return video("QuickTime");
        }
        if (startsWith(h, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return video("Matroska/WebM");
        }
        if (ascii(h, 0, "RIFF") && ascii(h, 8, "AVI ")) {
            return video("AVI");
        }
        if (ascii(h, 0, "FLV")) {
            return video("FLV");
        }
        if (startsWith(h, 0, 0x00, 0x00, 0x01, 0xBA)) {
            return video("MPEG program stream");
        }
        if (h.length > 188 && (h[0] & 0xFF) == 0x47 && (h[188] & 0xFF) == 0x47) {
            return video("MPEG transport stream");
        }
        if (ascii(h, 0, "OggS")) {
            return video("Ogg");
        }
        return Format.UNKNOWN;
    }

    private static Format image(String name) {
        return new Format(Kind.IMAGE, name + " image");
    }

    private static Format video(String name) {
        return new Format(Kind.VIDEO, name + " video");
    }

    private static boolean startsWith(byte[] h, int at, int... expected) {
        if (h.length < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((h[at + i] & 0xFF) != (expected[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] h, int at, String text) {
        return startsWith(h, at, text.chars().toArray());
    }
}
