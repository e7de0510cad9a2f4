package org.daganstream.gateway.submit;

import java.util.Locale;
import java.util.Map;

/**
 * Names uploaded files in object storage: {@code source.<ext>} and {@code driving.<ext>}, the extension taken from
 * the client's file name, else from its content type. A file that plainly is the wrong kind (a video sent as the
 * source, a text file as the driving video) is refused here; content is checked by ingest, which reads the bytes.
 */
public final class UploadNames {

    public enum Role {
        SOURCE("source", "image", "PNG, JPEG, WebP, BMP, GIF or TIFF"),
        DRIVING("driving", "video", "MP4, MOV, WebM, MKV, AVI, MPEG, OGV, FLV or GIF");

        private final String field;
        private final String kind;
        private final String accepted;

        Role(String field, String kind, String accepted) {
            this.field = field;
            this.kind = kind;
            this.accepted = accepted;
        }

        public String field() {
            return field;
        }

        public static Role ofField(String field) {
            for (Role r : values()) {
                if (r.field.equals(field)) {
                    return r;
                }
            }
            return null;
        }
    }

    private static final Map<String, String> IMAGE_EXTENSIONS = Map.of("png", "png", "jpg", "jpg", "jpeg", "jpg",
            "webp", "webp", "bmp", "bmp", "gif", "gif", "tif", "tiff", "tiff", "tiff");
    private static final Map<String, String> VIDEO_EXTENSIONS = Map.ofEntries(Map.entry("mp4", "mp4"),
            Map.entry("m4v", "m4v"), Map.entry("mov", "mov"), Map.entry("webm", "webm"), Map.entry("mkv", "mkv"),
            Map.entry("avi", "avi"), Map.entry("mpg", "mpg"), Map.entry("mpeg", "mpg"), Map.entry("ts", "ts"),
            Map.entry("ogv", "ogv"), Map.entry("flv", "flv"), Map.entry("gif", "gif"));
    private static final Map<String, String> IMAGE_TYPES = Map.of("image/png", "png", "image/jpeg", "jpg",
            "image/webp", "webp", "image/bmp", "bmp", "image/gif", "gif", "image/tiff", "tiff");
    private static final Map<String, String> VIDEO_TYPES = Map.of("video/mp4", "mp4", "video/quicktime", "mov",
            "video/webm", "webm", "video/x-matroska", "mkv", "video/x-msvideo", "avi", "video/mpeg", "mpg",
            "video/ogg", "ogv", "video/mp2t", "ts", "video/x-flv", "flv", "image/gif", "gif");

    /** Used when neither name nor type says anything (e.g. {@code application/octet-stream}). */
    public static final String UNKNOWN_EXTENSION = "bin";

    private UploadNames() {
    }

    /** The object name for an upload: {@code source.png}, {@code driving.mp4}, ... */
    public static String objectName(Role role, String fileName, String contentType) {
        return role.field + "." + extension(role, fileName, contentType);
    }

    /** @throws InvalidRequestException when name or type shows the file is not of the kind the role needs */
    public static String extension(Role role, String fileName, String contentType) {
        Map<String, String> extensions = role == Role.SOURCE ? IMAGE_EXTENSIONS : VIDEO_EXTENSIONS;
        Map<String, String> types = role == Role.SOURCE ? IMAGE_TYPES : VIDEO_TYPES;
        String ext = extensionOf(fileName);
        if (ext != null && extensions.containsKey(ext)) {
            return extensions.get(ext);
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (types.containsKey(type)) {
            return types.get(type);
        }
        boolean knownOtherExtension = ext != null && (IMAGE_EXTENSIONS.containsKey(ext) || VIDEO_EXTENSIONS.containsKey(ext));
        boolean specificType = !type.isEmpty() && !type.equals("application/octet-stream");
        if (knownOtherExtension || specificType) {
            throw new InvalidRequestException("field '" + role.field + "' must be " + (role == Role.SOURCE ? "an " : "a ")
                    + role.kind + " (" + role.accepted + "), got file '" + OptionsParser.abbreviate(String.valueOf(fileName))
                    + "'" + (type.isEmpty() ? "" : " of type " + type));
        }
        return UNKNOWN_EXTENSION;
    }

    private static String extensionOf(String fileName) {
        if (fileName == null) {
            return null;
        }
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return null;
        }
        return fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
