package org.daganstream.gateway.submit;

import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.ObjectRef;
import org.daganstream.common.blob.BlobKeys;

/**
 * A job naming inputs already in object storage:
 * <pre>{@code {"source": {"bucket": "dagan", "key": "in/face.png"}, "driving": {"key": "in/drive.mp4"},
 *  "options": {"relative": true}, "jobId": "optional-own-id"}}</pre>
 * {@code bucket} may be omitted (the deployment's bucket); another bucket is refused because the pipeline reads
 * inputs only from its own.
 */
public record KeysRequest(Optional<String> jobId, ObjectRef source, ObjectRef driving, JobOptions options,
                          Optional<String> modelBundleId) {

    public static final String SOURCE = "source";
    public static final String DRIVING = "driving";
    private static final List<String> FIELDS = List.of("jobId", SOURCE, DRIVING, "options", "modelBundleId");
    private static final int MAX_KEY_BYTES = 1024;

    /** @throws InvalidRequestException naming the first missing or invalid field */
    public static KeysRequest parse(JsonObject body, String bucket) {
        for (String name : body.fieldNames()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidRequestException("unknown field '" + name + "'; expected " + String.join(", ", FIELDS));
            }
        }
        Optional<String> jobId = optionalString(body, "jobId");
        jobId.ifPresent(id -> {
            if (!BlobKeys.isValidJobId(id)) {
                throw new InvalidRequestException("field 'jobId' '" + OptionsParser.abbreviate(id) + "' is invalid: use"
                        + " 1-128 characters A-Z a-z 0-9 . _ -, starting with a letter or digit (or omit it)");
            }
        });
        ObjectRef source = objectRef(body, SOURCE, bucket);
        ObjectRef driving = objectRef(body, DRIVING, bucket);
        if (source.getKey().equals(driving.getKey())) {
            throw new InvalidRequestException("fields 'source.key' and 'driving.key' name the same object '"
                    + source.getKey() + "'; the source is a face image, the driving input a video");
        }
        Object options = body.getValue("options");
        if (options != null && !(options instanceof JsonObject)) {
            throw new InvalidRequestException("field 'options' must be an object, got " + OptionsParser.describe(options));
        }
        return new KeysRequest(jobId, source, driving, OptionsParser.fromJson((JsonObject) options, "options."),
                optionalString(body, "modelBundleId"));
    }

    private static ObjectRef objectRef(JsonObject body, String field, String bucket) {
        Object value = body.getValue(field);
        if (value == null) {
            throw new InvalidRequestException("field '" + field + "' is missing: give {\"key\": \"...\"} (and optionally"
                    + " \"bucket\": \"" + bucket + "\")");
        }
        if (!(value instanceof JsonObject ref)) {
            throw new InvalidRequestException("field '" + field + "' must be an object {\"bucket\": ..., \"key\": ...}, got "
                    + OptionsParser.describe(value));
        }
        for (String name : ref.fieldNames()) {
            if (!name.equals("bucket") && !name.equals("key")) {
                throw new InvalidRequestException("unknown field '" + field + "." + name + "'; expected bucket and key");
            }
        }
        Object key = ref.getValue("key");
        if (key == null) {
            throw new InvalidRequestException("field '" + field + ".key' is missing");
        }
        if (!(key instanceof String k) || k.isBlank()) {
            throw new InvalidRequestException("field '" + field + ".key' must be a non-empty string, got "
                    + OptionsParser.describe(key));
        }
        if (k.startsWith("/") || k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidRequestException("field '" + field + ".key' '" + OptionsParser.abbreviate(k)
                    + "' is not a valid object key (no leading '/', at most " + MAX_KEY_BYTES + " bytes)");
        }
        Object refBucket = ref.getValue("bucket");
        if (refBucket != null && !(refBucket instanceof String)) {
            throw new InvalidRequestException("field '" + field + ".bucket' must be a string, got "
                    + OptionsParser.describe(refBucket));
        }
        if (refBucket != null && !bucket.equals(refBucket)) {
            throw new InvalidRequestException("field '" + field + ".bucket' is '" + refBucket + "' but this deployment"
                    + " reads inputs only from bucket '" + bucket + "'; copy the object there or omit the bucket");
        }
        return ObjectRef.newBuilder().setBucket(bucket).setKey(k).build();
    }

    private static Optional<String> optionalString(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidRequestException("field '" + field + "' must be a non-empty string, got "
                    + OptionsParser.describe(value));
        }
        return Optional.of(s);
    }
}
