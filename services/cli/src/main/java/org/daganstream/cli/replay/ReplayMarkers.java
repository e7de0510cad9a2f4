package org.daganstream.cli.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;

/**
 * Remembers which dead letters were replayed, so running {@code dagan replay} again does not publish the same
 * frame twice: one small object per replayed dead letter,
 * {@code jobs/{jobId}/replays/{dlqPartition}-{dlqOffset}-{failedAtMillis}}, under the job's prefix so it goes
 * away with the job's other blobs. A frame that fails again gets a new dead letter (a new offset), which has no
 * marker and is replayed by the next run.
 */
public final class ReplayMarkers {

    private final BlobStore blobs;

    public ReplayMarkers(BlobStore blobs) {
        this.blobs = blobs;
    }

    public static String key(DeadLetter d) {
        return BlobKeys.jobPrefix(d.jobId()) + "replays/" + d.partition() + "-" + d.offset() + "-"
                + d.record().getFailedAt().toEpochMilli();
    }

    public boolean exists(DeadLetter d) {
        return d.jobId() != null && blobs.exists(key(d));
    }

    public void mark(DeadLetter d, String topic, int attempt, Instant at) {
        String text = "replayed " + d.frameLabel() + " to " + topic + " as attempt " + attempt + " at " + at + "\n";
        blobs.put(key(d), text.getBytes(StandardCharsets.UTF_8));
    }
}
