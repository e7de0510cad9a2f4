package org.daganstream.common.kafka;

import org.daganstream.common.blob.BlobKeys;

/**
 * Record keys of the frame topics: {@code jobId/frameIndex} for driving frames and {@code jobId/source} for the
 * source image (frame index -1), so one video spreads over every partition.
 */
public final class FrameKeys {

    public static final String SOURCE = "source";
    public static final int SOURCE_INDEX = -1;

    /**
     * @param jobId      the job
     * @param frameIndex driving frame index, or {@link #SOURCE_INDEX} for the source image
     */
    public record FrameKey(String jobId, int frameIndex) {
        public boolean isSource() {
            return frameIndex == SOURCE_INDEX;
        }

        @Override
        public String toString() {
            return isSource() ? source(jobId) : frame(jobId, frameIndex);
        }
    }

    private FrameKeys() {
    }

    /** {@code jobId/frameIndex}; index -1 gives the source key. */
    public static String frame(String jobId, int frameIndex) {
        if (frameIndex == SOURCE_INDEX) {
            return source(jobId);
        }
        if (frameIndex < 0) {
            throw new IllegalArgumentException("frame index " + frameIndex + " of job " + jobId + " is negative");
        }
        return BlobKeys.jobId(jobId) + "/" + frameIndex;
    }

    public static String source(String jobId) {
        return BlobKeys.jobId(jobId) + "/" + SOURCE;
    }

    /** Parses a frame-topic key; throws naming the key when it is not {@code jobId/index} or {@code jobId/source}. */
    public static FrameKey parse(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException("record key '" + key + "' is not jobId/frameIndex or jobId/source");
        }
        String jobId = key.substring(0, slash);
        if (!BlobKeys.isValidJobId(jobId)) {
            throw new IllegalArgumentException("record key '" + key + "' has an invalid job id");
        }
        String tail = key.substring(slash + 1);
        if (tail.equals(SOURCE)) {
            return new FrameKey(jobId, SOURCE_INDEX);
        }
        try {
            int index = Integer.parseInt(tail);
            if (index < 0 || !tail.equals(Integer.toString(index))) {
                throw new NumberFormatException(tail);
            }
            return new FrameKey(jobId, index);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("record key '" + key + "' is not jobId/frameIndex or jobId/source", e);
        }
    }
}
