package org.daganstream.ingest.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.retry.Backoff;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.ingest.IngestMetrics;
import org.daganstream.ingest.InputRejectedException;
import org.daganstream.ingest.media.DecodedImage;
import org.daganstream.ingest.media.DrivingVideoDecoder;
import org.daganstream.ingest.media.DrivingVideoDecoder.VideoInfo;
import org.daganstream.ingest.media.Limits;
import org.daganstream.ingest.media.SourceImageDecoder;
import org.daganstream.ingest.resize.Rgb8View;
import org.daganstream.ingest.resize.SkimageResize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one job's heavy part on a worker thread: validate, fetch and decode the source image, stream the driving
 * video to a temp file, decode it frame by frame, resize every frame like the reference and write it to
 * {@code jobs/{jobId}/frames/NNNNNN} (source to {@code jobs/{jobId}/source/image}) as float32 3x256x256 .npy.
 * Publishing is left to the consume loop. Redoing a job overwrites the same keys.
 *
 * <p>Bad input ends in {@link JobOutcome.Rejected} with a reason for the submitter. Other failures (S3 or broker
 * trouble) are retried {@code ingest.job.max.attempts} times, then rejected as an internal error. A rejected
 * job's frame and source blobs are deleted.
 */
public final class JobProcessor implements JobHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JobProcessor.class);

    /** Told about ACCEPTED and DECODING as they happen (the final state is published with the offset). */
    @FunctionalInterface
    public interface Progress {
        void update(JobRequest job, JobState state);
    }

    /**
     * @param workDir      where driving videos are downloaded (created if missing)
     * @param uploads      shared pool for frame uploads
     * @param maxUploads   frame uploads in flight per job
     * @param attempts     tries for internal failures
     * @param backoff      wait between those tries
     */
    public record Settings(Limits limits, Path workDir, int maxUploads, String defaultBundleId, int attempts,
                           Backoff backoff) {
    }

    private final BlobStore blobs;
    private final Settings settings;
    private final Executor uploads;
    private final IngestMetrics metrics;
    private final Progress progress;
    private final JobRequestValidator validator;
    private final InputFetcher fetcher;
    private final SourceImageDecoder imageDecoder;
    private final DrivingVideoDecoder videoDecoder;

    public JobProcessor(BlobStore blobs, Settings settings, Executor uploads, IngestMetrics metrics, Progress progress) {
        this.blobs = blobs;
        this.settings = settings;
        this.uploads = uploads;
        this.metrics = metrics;
        this.progress = progress;
        this.validator = new JobRequestValidator(blobs.bucket(), settings.limits());
        this.fetcher = new InputFetcher(blobs, settings.limits());
        this.imageDecoder = new SourceImageDecoder(settings.limits());
        this.videoDecoder = new DrivingVideoDecoder(settings.limits());
    }

    /**
     * Processes {@code job}; never throws for bad input or internal failures (they become a {@link JobOutcome}).
     *
     * @param cancelled polled between frames; when it turns true the job stops with a {@link CancellationException}
     *                  and leaves its blobs for whoever redoes it
     */
    @Override
    public JobOutcome process(JobRequest job, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        metrics.jobStarted();
        boolean validated = false;
        try {
            validator.validate(job);
            validated = true;
            metrics.jobAccepted();
            progress.update(job, JobState.ACCEPTED);
            for (int attempt = 1; ; attempt++) {
                try {
                    return ingest(job, cancelled, start);
                } catch (InputRejectedException | CancellationException e) {
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while ingesting job " + job.getJobId());
                } catch (Exception e) {
                    if (attempt >= settings.attempts()) {
                        LOG.error("job {} failed after {} attempts", job.getJobId(), attempt, e);
                        throw new InputRejectedException("internal-error", "ingest could not process the job after "
                                + attempt + " attempts (" + describe(e) + "); this is not a problem with the input,"
                                + " submit the job again later", e);
                    }
                    Duration delay = settings.backoff().delay(attempt);
                    LOG.warn("job {} attempt {} failed ({}), retrying in {} ms", job.getJobId(), attempt, describe(e),
                            delay.toMillis());
                    sleep(delay, cancelled);
                }
            }
        } catch (InputRejectedException e) {
            String jobId = job.getJobId();
            LOG.info("job {} rejected ({}): {}", jobId, e.category(), e.getMessage());
            if (validated) {
                // Only a job that got past validation can have written anything.
                deleteBlobs(jobId);
            }
            return new JobOutcome.Rejected(jobId, job, e.category(), e.getMessage(), since(start));
        } finally {
            metrics.jobFinished();
        }
    }

    private JobOutcome.Ingested ingest(JobRequest job, BooleanSupplier cancelled, long start) throws Exception {
        String jobId = job.getJobId();
        String sourceLabel = "source image " + JobRequestValidator.describe(job.getSource());
        String drivingLabel = "driving video " + JobRequestValidator.describe(job.getDriving());
        fetcher.requireAcceptable(job.getSource(), sourceLabel);
        fetcher.requireAcceptable(job.getDriving(), drivingLabel);

        DecodedImage source = imageDecoder.decode(fetcher.readAll(job.getSource(), sourceLabel), sourceLabel);
        SkimageResize resize = SkimageResize.toModelSize();
        blobs.put(BlobKeys.sourceImage(jobId), toNpy(resize, source.view(), new float[resize.outputLength()]));
        LOG.info("job {}: source image {}x{} ({}) written", jobId, source.width(), source.height(), source.description());

        progress.update(job, JobState.DECODING);
        Files.createDirectories(settings.workDir());
        Path video = Files.createTempFile(settings.workDir(), "job-" + jobId + "-", ".video");
        try {
            fetcher.download(job.getDriving(), drivingLabel, video);
            long decodeStart = System.nanoTime();
            VideoInfo info = decodeFrames(jobId, video, drivingLabel, resize, cancelled);
            metrics.videoDecoded(Duration.ofNanos(System.nanoTime() - decodeStart));
            int anchor = job.getOptions() == null ? 0 : job.getOptions().getAnchorFrame();
            if (anchor >= info.frameCount()) {
                throw new InputRejectedException("invalid-request", "anchorFrame " + anchor + " is outside the "
                        + info.frameCount() + " frames of the " + drivingLabel + " (valid: 0.." + (info.frameCount() - 1) + ")");
            }
            LOG.info("job {}: {} frames {}x{} at {} fps decoded ({}, {}, audio: {})", jobId, info.frameCount(),
                    info.width(), info.height(), info.fps(), info.container(), info.codec(), info.hasAudio());
            String bundle = job.getModelBundleId() != null ? job.getModelBundleId() : settings.defaultBundleId();
            return new JobOutcome.Ingested(job, bundle, new ImageSize(source.width(), source.height()), info, since(start));
        } finally {
            Files.deleteIfExists(video);
        }
    }

    private VideoInfo decodeFrames(String jobId, Path video, String label, SkimageResize resize,
                                   BooleanSupplier cancelled) throws Exception {
        FrameUploader uploader = new FrameUploader(blobs, uploads, settings.maxUploads());
        float[] pixels = new float[resize.outputLength()];
        boolean done = false;
        try {
            long[] frameStart = {System.nanoTime()};
            VideoInfo info = videoDecoder.decode(video, label, (index, frame) -> {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("job " + jobId + " cancelled at frame " + index);
                }
                byte[] npy = toNpy(resize, frame, pixels);
                metrics.frameDecoded(System.nanoTime() - frameStart[0]);
                uploader.upload(BlobKeys.frame(jobId, index), npy);
                frameStart[0] = System.nanoTime();
            });
            uploader.awaitAll();
            done = true;
            return info;
        } finally {
            if (!done) {
                uploader.drainQuietly();
            }
        }
    }

    /** Resizes into {@code pixels} (reused) and encodes a fresh .npy of shape 3x256x256. */
    private static byte[] toNpy(SkimageResize resize, Rgb8View image, float[] pixels) {
        resize.resize(image, pixels);
        return Npy.write(Tensor.of(pixels, 3, resize.outHeight(), resize.outWidth()));
    }

    /** Removes what ingest wrote for a job that will not go on: its frames and its source image. */
    private void deleteBlobs(String jobId) {
        try {
            int frames = blobs.deletePrefix(BlobKeys.kindPrefix(jobId, BlobKeys.FRAMES));
            blobs.delete(BlobKeys.sourceImage(jobId));
            if (frames > 0) {
                LOG.info("job {}: deleted {} frame blobs and the source image", jobId, frames);
            }
        } catch (RuntimeException e) {
            LOG.warn("job {}: could not delete its blobs: {}", jobId, e.toString());
        }
    }

    /** Waits before a retry, in small steps so a cancellation is noticed. */
    private static void sleep(Duration delay, BooleanSupplier cancelled) {
        long end = System.nanoTime() + delay.toNanos();
        try {
            while (System.nanoTime() < end) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled while waiting to retry");
                }
                Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry");
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
