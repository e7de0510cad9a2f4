package org.daganstream.assembler.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.OutputFormat;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.schema.AvroTrust;

/** Records of the pipeline contract as the stages before the assembler would publish them. */
public final class Jobs {

    static {
        // Building records with defaults resolves the generated enum classes.
        AvroTrust.install();
    }

    private Jobs() {
    }

    public static JobManifest manifest(String jobId, int frames, double fps, int size) {
        return manifest(jobId, frames, fps, size, JobOptions.newBuilder().build(), null);
    }

    public static JobManifest manifest(String jobId, int frames, double fps, int size, JobOptions options,
                                       String audioKey) {
        return manifest(jobId, frames, fps, size, options, audioKey, 1_000);
    }

    public static JobManifest manifest(String jobId, int frames, double fps, int size, JobOptions options,
                                       String audioKey, long createdAt) {
        return JobManifest.newBuilder()
                .setJobId(jobId)
                .setModelBundleId("tiny")
                .setFrameCount(frames)
                .setFps(fps)
                .setSourceSize(new ImageSize(size, size))
                .setDrivingSize(new ImageSize(size * 2, size * 2))
                .setImageSize(new ImageSize(size, size))
                .setHasAudio(audioKey != null)
                .setAudioKey(audioKey)
                .setSourceKey(org.daganstream.common.blob.BlobKeys.sourceImage(jobId))
                .setOptions(options)
                .setCreatedAt(Instant.ofEpochMilli(createdAt))
                .build();
    }

    public static JobOptions options(OutputFormat format, boolean sideBySide, Map<String, String> callback) {
        return JobOptions.newBuilder().setOutputFormat(format).setSideBySide(sideBySide)
                .setCallbackMetadata(new HashMap<>(callback)).build();
    }

    /** A DRIVING frame as the generator publishes it, with stage timestamps 100 ms apart from {@code t0}. */
    public static FrameDescriptor generated(String jobId, int index, int frames, long t0) {
        Map<String, Long> stamps = new HashMap<>();
        stamps.put("ingest", t0);
        stamps.put("depth", t0 + 100);
        stamps.put("keypoints", t0 + 200);
        stamps.put("motion", t0 + 300);
        stamps.put("generator", t0 + 400);
        return FrameDescriptor.newBuilder()
                .setJobId(jobId)
                .setFrameIndex(index)
                .setFrameCount(frames)
                .setRole(FrameRole.DRIVING)
                .setModelBundleId("tiny")
                .setBlobs(BlobKeys.newBuilder()
                        .setFrame(org.daganstream.common.blob.BlobKeys.frame(jobId, index))
                        .setDepth(org.daganstream.common.blob.BlobKeys.depth(jobId, index))
                        .setGenerated(org.daganstream.common.blob.BlobKeys.generated(jobId, index))
                        .build())
                .setStageTimestamps(stamps)
                .build();
    }

    public static Reenactment result(String jobId, ReenactmentOutcome outcome, String error) {
        return Reenactment.newBuilder()
                .setJobId(jobId)
                .setOutcome(outcome)
                .setError(error)
                .setFinishedAt(Instant.ofEpochMilli(2_000))
                .build();
    }
}
