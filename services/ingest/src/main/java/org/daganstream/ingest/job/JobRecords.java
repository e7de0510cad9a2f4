package org.daganstream.ingest.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.MotionOptions;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.ingest.IngestSettings;
import org.daganstream.ingest.resize.SkimageResize;
import org.daganstream.schema.AvroTrust;

/** Builds the records ingest publishes, following the pipeline contract. Pure functions of their inputs. */
public final class JobRecords {

    static {
        // Builders resolve enum defaults (OutputFormat) through Avro's class trust list.
        AvroTrust.install();
    }

    private JobRecords() {
    }

    public static JobStatus status(String jobId, JobState state, int frameCount, String reason, Instant at) {
        return JobStatus.newBuilder()
                .setJobId(jobId)
                .setState(state)
                .setFramesDone(0)
                .setFrameCount(frameCount)
                .setReason(reason)
                .setMissingFrames(List.of())
                .setUpdatedAt(at)
                .build();
    }

    public static JobManifest manifest(JobOutcome.Ingested job, Instant at) {
        JobRequest request = job.request();
        var video = job.video();
        return JobManifest.newBuilder()
                .setJobId(request.getJobId())
                .setModelBundleId(job.modelBundleId())
                .setFrameCount(video.frameCount())
                .setFps(video.fps())
                .setSourceSize(job.sourceSize())
                .setDrivingSize(new ImageSize(video.width(), video.height()))
                .setImageSize(new ImageSize(SkimageResize.MODEL_SIZE, SkimageResize.MODEL_SIZE))
                .setHasAudio(video.hasAudio())
                // The driving video itself carries the audio; the muxer reads its audio stream from there.
                .setAudioKey(video.hasAudio() ? request.getDriving().getKey() : null)
                .setSourceKey(org.daganstream.common.blob.BlobKeys.sourceImage(request.getJobId()))
                .setOptions(options(request))
                .setCreatedAt(at)
                .build();
    }

    /** The SOURCE descriptor: frame index -1, key {@code jobId/source}. */
    public static FrameDescriptor sourceDescriptor(JobOutcome.Ingested job, Instant at) {
        String jobId = job.jobId();
        return descriptor(job, FrameKeys.SOURCE_INDEX, FrameRole.SOURCE,
                org.daganstream.common.blob.BlobKeys.sourceImage(jobId), at);
    }

    /** The DRIVING descriptor of frame {@code index}. */
    public static FrameDescriptor drivingDescriptor(JobOutcome.Ingested job, int index, Instant at) {
        return descriptor(job, index, FrameRole.DRIVING, org.daganstream.common.blob.BlobKeys.frame(job.jobId(), index), at);
    }

    private static FrameDescriptor descriptor(JobOutcome.Ingested job, int index, FrameRole role, String frameKey,
                                              Instant at) {
        JobOptions options = options(job.request());
        return FrameDescriptor.newBuilder()
                .setJobId(job.jobId())
                .setFrameIndex(index)
                .setFrameCount(job.video().frameCount())
                .setRole(role)
                .setModelBundleId(job.modelBundleId())
                .setBlobs(new BlobKeys(frameKey, null, null))
                .setMotion(new MotionOptions(options.getRelativeMotion(), options.getAdaptScale(), options.getAnchorFrame()))
                .setAttempt(0)
                .setStageTimestamps(Map.of(IngestSettings.STAGE, at.toEpochMilli()))
                .build();
    }

    /** The FAILED result for a job ingest gave up on. */
    public static Reenactment failed(JobOutcome.Rejected job, Instant at) {
        JobRequest request = job.request();
        Map<String, String> metadata = request == null || request.getOptions() == null
                ? Map.of() : request.getOptions().getCallbackMetadata();
        return Reenactment.newBuilder()
                .setJobId(job.jobId())
                .setOutcome(ReenactmentOutcome.FAILED)
                .setError(job.reason())
                .setCallbackMetadata(metadata)
                .setStageTimings(Map.of(IngestSettings.STAGE, job.took().toMillis()))
                .setFinishedAt(at)
                .build();
    }

    private static JobOptions options(JobRequest request) {
        return request.getOptions() != null ? request.getOptions() : JobOptions.newBuilder().build();
    }
}
