package org.daganstream.gateway.submit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.OutputFormat;

/**
 * Turns the submitter's options into {@link JobOptions}, from multipart form fields (text) or a JSON object (typed).
 * Names: {@code relative}, {@code adaptScale}, {@code anchorFrame}, {@code sideBySide}, {@code outputFormat},
 * {@code priority}, and in JSON also {@code callbackMetadata}. Anything omitted keeps the contract's default;
 * anything unknown or mistyped is refused with a message naming the field.
 */
public final class OptionsParser {

    public static final String RELATIVE = "relative";
    public static final String ADAPT_SCALE = "adaptScale";
    public static final String ANCHOR_FRAME = "anchorFrame";
    public static final String SIDE_BY_SIDE = "sideBySide";
    public static final String OUTPUT_FORMAT = "outputFormat";
    public static final String PRIORITY = "priority";
    public static final String CALLBACK_METADATA = "callbackMetadata";

    /** Option names accepted as form fields. */
    public static final List<String> FORM_OPTIONS = List.of(RELATIVE, ADAPT_SCALE, ANCHOR_FRAME, SIDE_BY_SIDE,
            OUTPUT_FORMAT, PRIORITY);
    /** Option names accepted in a JSON {@code options} object. */
    public static final List<String> JSON_OPTIONS = List.of(RELATIVE, ADAPT_SCALE, ANCHOR_FRAME, SIDE_BY_SIDE,
            OUTPUT_FORMAT, PRIORITY, CALLBACK_METADATA);

    private static final int MAX_ANCHOR_FRAME = 999_999;
    private static final int MAX_METADATA_ENTRIES = 64;
    private static final int MAX_METADATA_CHARS = 4096;

    private OptionsParser() {
    }

    /**
     * Options from text form fields (booleans: true/false, on/off, yes/no, 1/0). Fields not named in
     * {@link #FORM_OPTIONS} are ignored here; the caller decides about them.
     */
    public static JobOptions fromForm(MultiMap form) {
        JobOptions.Builder b = JobOptions.newBuilder();
        String value;
        if ((value = single(form, RELATIVE)) != null) {
            b.setRelativeMotion(parseBoolean(RELATIVE, value));
        }
        if ((value = single(form, ADAPT_SCALE)) != null) {
            b.setAdaptScale(parseBoolean(ADAPT_SCALE, value));
        }
        if ((value = single(form, ANCHOR_FRAME)) != null) {
            b.setAnchorFrame(checkAnchor(ANCHOR_FRAME, parseInt(ANCHOR_FRAME, value)));
        }
        if ((value = single(form, SIDE_BY_SIDE)) != null) {
            b.setSideBySide(parseBoolean(SIDE_BY_SIDE, value));
        }
        if ((value = single(form, OUTPUT_FORMAT)) != null) {
            b.setOutputFormat(parseFormat(OUTPUT_FORMAT, value));
        }
        if ((value = single(form, PRIORITY)) != null) {
            b.setPriority(parseInt(PRIORITY, value));
        }
        return b.build();
    }

    /** Options from a JSON object (null gives the defaults); {@code path} prefixes field names in messages. */
    public static JobOptions fromJson(JsonObject options, String path) {
        JobOptions.Builder b = JobOptions.newBuilder();
        if (options == null) {
            return b.build();
        }
        for (String name : options.fieldNames()) {
            if (!JSON_OPTIONS.contains(name)) {
                throw new InvalidRequestException("unknown option '" + path + name + "'; known options: "
                        + String.join(", ", JSON_OPTIONS));
            }
        }
        Object value;
        if ((value = options.getValue(RELATIVE)) != null) {
            b.setRelativeMotion(jsonBoolean(path + RELATIVE, value));
        }
        if ((value = options.getValue(ADAPT_SCALE)) != null) {
            b.setAdaptScale(jsonBoolean(path + ADAPT_SCALE, value));
        }
        if ((value = options.getValue(ANCHOR_FRAME)) != null) {
            b.setAnchorFrame(checkAnchor(path + ANCHOR_FRAME, jsonInt(path + ANCHOR_FRAME, value)));
        }
        if ((value = options.getValue(SIDE_BY_SIDE)) != null) {
            b.setSideBySide(jsonBoolean(path + SIDE_BY_SIDE, value));
        }
        if ((value = options.getValue(OUTPUT_FORMAT)) != null) {
            if (!(value instanceof String text)) {
                throw new InvalidRequestException("option '" + path + OUTPUT_FORMAT + "' must be a string: MP4 or PNG_FRAMES");
            }
            b.setOutputFormat(parseFormat(path + OUTPUT_FORMAT, text));
        }
        if ((value = options.getValue(PRIORITY)) != null) {
            b.setPriority(jsonInt(path + PRIORITY, value));
        }
        if ((value = options.getValue(CALLBACK_METADATA)) != null) {
            b.setCallbackMetadata(metadata(path + CALLBACK_METADATA, value));
        }
        return b.build();
    }

    static boolean parseBoolean(String field, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new InvalidRequestException("option '" + field + "' must be true or false, got '"
                    + abbreviate(text) + "'");
        };
    }

    static int parseInt(String field, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("option '" + field + "' must be a whole number, got '" + abbreviate(text) + "'");
        }
    }

    static OutputFormat parseFormat(String field, String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (normalized) {
            case "MP4" -> OutputFormat.MP4;
            case "PNG_FRAMES", "PNG" -> OutputFormat.PNG_FRAMES;
            default -> throw new InvalidRequestException("option '" + field + "' must be MP4 or PNG_FRAMES, got '"
                    + abbreviate(text) + "'");
        };
    }

    private static int checkAnchor(String field, int anchor) {
        if (anchor < 0 || anchor > MAX_ANCHOR_FRAME) {
            throw new InvalidRequestException("option '" + field + "' must be a driving frame index from 0 to "
                    + MAX_ANCHOR_FRAME + ", got " + anchor);
        }
        return anchor;
    }

    private static boolean jsonBoolean(String field, Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new InvalidRequestException("option '" + field + "' must be true or false, got " + describe(value));
    }

    private static int jsonInt(String field, Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new InvalidRequestException("option '" + field + "' must be a whole number, got " + describe(value));
    }

    private static Map<String, String> metadata(String field, Object value) {
        if (!(value instanceof JsonObject object)) {
            throw new InvalidRequestException("option '" + field + "' must be an object of string values, got "
                    + describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        int chars = 0;
        for (String key : object.fieldNames()) {
            Object v = object.getValue(key);
            if (!(v instanceof String s)) {
                throw new InvalidRequestException("option '" + field + "." + key + "' must be a string, got " + describe(v));
            }
            chars += key.length() + s.length();
            out.put(key, s);
        }
        if (out.size() > MAX_METADATA_ENTRIES || chars > MAX_METADATA_CHARS) {
            throw new InvalidRequestException("option '" + field + "' is too large (" + out.size() + " entries, "
                    + chars + " characters; at most " + MAX_METADATA_ENTRIES + " entries and " + MAX_METADATA_CHARS
                    + " characters)");
        }
        return out;
    }

    private static String single(MultiMap form, String name) {
        List<String> values = form.getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidRequestException("option '" + name + "' is given " + values.size() + " times; give it once");
        }
        String value = values.get(0);
        return value == null || value.isBlank() ? null : value;
    }

    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the string '" + abbreviate(s) + "'";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof io.vertx.core.json.JsonArray) {
            return "an array";
        }
        return abbreviate(String.valueOf(value));
    }

    public static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Form field names that are options (the rest of a form must be the two files). */
    public static Set<String> formOptionNames() {
        return Set.copyOf(FORM_OPTIONS);
    }
}
