package org.daganstream.common.blob;

import java.util.regex.Pattern;

/**
 * Deterministic object keys. Per-frame blobs live at {@code jobs/{jobId}/{kind}/{frameIndex:06d}} so a redo of a
 * frame overwrites the same object (at-least-once delivery + idempotent writes). Zero padding keeps a listing in
 * frame order.
 *
 * <pre>
 * jobs/{jobId}/frames/000042      decoded driving frame 42 (.npy float32 3x256x256)
 * jobs/{jobId}/depth/000042       its depth map (.npy float32 1x256x256)
 * jobs/{jobId}/generated/000042   generated frame (.npy float32 3x256x256)
 * jobs/{jobId}/source/image       source image tensor
 * jobs/{jobId}/source/depth       source depth tensor
 * uploads/{jobId}/{name}          user uploads (source image, driving video)
 * results/{jobId}/{name}          finished outputs (video)
 * </pre>
 */
public final class BlobKeys {

    public static final String FRAMES = "frames";
    public static final String DEPTH = "depth";
    public static final String GENERATED = "generated";

    /** Highest frame index that fits the 6-digit key. */
    public static final int MAX_FRAME_INDEX = 999_999;

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern NAME_SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern FRAME_KEY = Pattern.compile("jobs/([^/]+)/(frames|depth|generated)/(\\d{6})");

    private BlobKeys() {
    }

    public static String frame(String jobId, int frameIndex) {
        return perFrame(jobId, FRAMES, frameIndex);
    }

    public static String depth(String jobId, int frameIndex) {
        return perFrame(jobId, DEPTH, frameIndex);
    }

    public static String generated(String jobId, int frameIndex) {
        return perFrame(jobId, GENERATED, frameIndex);
    }

    /** {@code jobs/{jobId}/{kind}/{frameIndex:06d}} for kind {@link #FRAMES}, {@link #DEPTH} or {@link #GENERATED}. */
    public static String perFrame(String jobId, String kind, int frameIndex) {
        checkKind(kind);
        if (frameIndex < 0 || frameIndex > MAX_FRAME_INDEX) {
            throw new IllegalArgumentException("frame index " + frameIndex + " of job " + jobId
                    + " is outside 0.." + MAX_FRAME_INDEX);
        }
        return kindPrefix(jobId, kind) + String.format("%06d", frameIndex);
    }

    public static String sourceImage(String jobId) {
        return jobPrefix(jobId) + "source/image";
    }

    public static String sourceDepth(String jobId) {
        return jobPrefix(jobId) + "source/depth";
    }

    /** {@code results/{jobId}/{name}}; {@code name} may contain '/'-separated safe segments. */
    public static String result(String jobId, String name) {
        return "results/" + jobId(jobId) + "/" + name(name);
    }

    /** {@code uploads/{jobId}/{name}}; {@code name} may contain '/'-separated safe segments. */
    public static String upload(String jobId, String name) {
        return "uploads/" + jobId(jobId) + "/" + name(name);
    }

    /** {@code jobs/{jobId}/}: everything the pipeline wrote for one job (delete it to clean up). */
    public static String jobPrefix(String jobId) {
        return "jobs/" + jobId(jobId) + "/";
    }

    /** {@code jobs/{jobId}/{kind}/}: list it to see which frames of a kind exist, in order. */
    public static String kindPrefix(String jobId, String kind) {
        checkKind(kind);
        return jobPrefix(jobId) + kind + "/";
    }

    public static String uploadPrefix(String jobId) {
        return "uploads/" + jobId(jobId) + "/";
    }

    public static String resultPrefix(String jobId) {
        return "results/" + jobId(jobId) + "/";
    }

    /** The frame index encoded in a per-frame key, e.g. 42 for {@code jobs/j1/depth/000042}. */
    public static int frameIndexOf(String key) {
        var m = FRAME_KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a per-frame blob key (jobs/{jobId}/{kind}/{index:06d})");
        }
        return Integer.parseInt(m.group(3));
    }

    /**
     * Validates a job id: 1-128 characters from {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit
     * (safe in object keys, Kafka keys, file names and URLs).
     *
     * @return the id unchanged
     * @throws IllegalArgumentException naming the id and the rule
     */
    public static String jobId(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("invalid job id '" + jobId + "': use 1-128 characters A-Z a-z 0-9 . _ -"
                    + ", starting with a letter or digit");
        }
        return jobId;
    }

    public static boolean isValidJobId(String jobId) {
        return jobId != null && JOB_ID.matcher(jobId).matches();
    }

    private static String name(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("blob name must not be empty");
        }
        for (String segment : name.split("/", -1)) {
            if (!NAME_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid blob name '" + name + "': use '/'-separated segments of"
                        + " A-Z a-z 0-9 . _ - (no empty, '.' or '..' segments)");
            }
        }
        return name;
    }

    private static void checkKind(String kind) {
        if (!FRAMES.equals(kind) && !DEPTH.equals(kind) && !GENERATED.equals(kind)) {
            throw new IllegalArgumentException("unknown per-frame blob kind '" + kind + "' (expected frames, depth or generated)");
        }
    }
}
