package org.daganstream.ingest.job;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.JobOptions;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.ObjectRef;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.ingest.InputRejectedException;
import org.daganstream.ingest.media.Limits;

/**
 * Checks a {@link JobRequest} before any object is fetched: job id, object references, options. Every problem is
 * collected so the submitter learns them all at once.
 */
public final class JobRequestValidator {

    /** S3's own key length limit, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_METADATA_ENTRIES = 64;
    static final int MAX_METADATA_CHARS = 4096;
    private static final int MAX_BUNDLE_ID_CHARS = 200;

    private final String bucket;
    private final Limits limits;

    /** @param bucket the only bucket inputs may come from: the deployment's ({@code s3.bucket}) */
    public JobRequestValidator(String bucket, Limits limits) {
        this.bucket = bucket;
        this.limits = limits;
    }

    /** @throws InputRejectedException listing every problem found */
    public void validate(JobRequest job) {
        List<String> problems = new ArrayList<>();
        if (!BlobKeys.isValidJobId(job.getJobId())) {
            problems.add("job id '" + job.getJobId() + "' is invalid: use 1-128 characters A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
        }
        checkRef("source", job.getSource(), problems);
        checkRef("driving", job.getDriving(), problems);
        if (job.getSource() != null && job.getDriving() != null && job.getSource().equals(job.getDriving())) {
            problems.add("source and driving name the same object " + describe(job.getSource())
                    + "; the source is a face image, the driving input a video");
        }
        checkOptions(job.getOptions(), problems);
        String bundle = job.getModelBundleId();
        if (bundle != null && (bundle.isBlank() || bundle.length() > MAX_BUNDLE_ID_CHARS)) {
            problems.add("modelBundleId '" + bundle + "' is invalid: leave it null for the deployment's bundle");
        }
        if (!problems.isEmpty()) {
            String who = BlobKeys.isValidJobId(job.getJobId()) ? "job " + job.getJobId() : "the job";
            throw new InputRejectedException("invalid-request", who + " is invalid: " + String.join("; ", problems));
        }
    }

    private void checkRef(String role, ObjectRef ref, List<String> problems) {
        if (ref == null) {
            problems.add(role + " object reference is missing");
            return;
        }
        String key = ref.getKey();
        if (key == null || key.isBlank()) {
            problems.add(role + " object key is empty");
        } else if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            problems.add(role + " object key is longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (!bucket.equals(ref.getBucket())) {
            problems.add(role + " object is in bucket '" + ref.getBucket() + "' but this deployment reads inputs only"
                    + " from bucket '" + bucket + "'; upload it there (e.g. uploads/{jobId}/...)");
        }
    }

    private void checkOptions(JobOptions options, List<String> problems) {
        if (options == null) {
            return;
        }
        if (options.getAnchorFrame() < 0) {
            problems.add("anchorFrame " + options.getAnchorFrame() + " is negative; use a driving frame index from 0");
        } else if (options.getAnchorFrame() >= limits.maxFrames()) {
            problems.add("anchorFrame " + options.getAnchorFrame() + " is beyond the frame limit "
                    + limits.maxFrames() + " (ingest.max.frames)");
        }
        Map<String, String> metadata = options.getCallbackMetadata();
        if (metadata != null) {
            int chars = metadata.entrySet().stream()
                    .mapToInt(e -> e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length())).sum();
            if (metadata.size() > MAX_METADATA_ENTRIES || chars > MAX_METADATA_CHARS) {
                problems.add("callbackMetadata is too large (" + metadata.size() + " entries, " + chars
                        + " characters; at most " + MAX_METADATA_ENTRIES + " entries and " + MAX_METADATA_CHARS
                        + " characters)");
            }
        }
    }

    static String describe(ObjectRef ref) {
        return "s3://" + ref.getBucket() + "/" + ref.getKey();
    }
}
