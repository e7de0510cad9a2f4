package org.daganstream.motion;

/** Keys of the buffer store: {@code jobId/0000000042}, so a prefix scan over {@code jobId/} is in frame order. */
final class BufferKeys {

    private BufferKeys() {
    }

    static String of(String jobId, int frameIndex) {
        return prefix(jobId) + String.format("%010d", frameIndex);
    }

    /** Every buffered frame of {@code jobId} has this prefix (valid job ids contain no '/'). */
    static String prefix(String jobId) {
        return jobId + "/";
    }
}
