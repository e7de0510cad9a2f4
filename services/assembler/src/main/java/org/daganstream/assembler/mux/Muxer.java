package org.daganstream.assembler.mux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.daganstream.assembler.tracking.MuxRequest;
import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.OutputFormat;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobNotFoundException;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.blob.BlobStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a complete job's result from its generated frame blobs, in frame order: an H.264 MP4 at the driving fps with
 * the driving video's audio ({@code results/{jobId}/video.mp4}), or one PNG per frame
 * ({@code results/{jobId}/frames/000000.png} ...), optionally side by side with the source and driving frames.
 * Frames stream through one at a time and the video goes through a temporary file in the work directory (removed
 * afterwards), so neither memory nor heap grows with the number of frames. Safe to call from several threads.
 */
public final class Muxer {

    public static final String VIDEO_NAME = "video.mp4";
    public static final String FRAMES_DIR = "frames";

    private static final Logger LOG = LoggerFactory.getLogger(Muxer.class);

    private final BlobStore blobs;
    private final VideoSettings video;
    private final Path workRoot;

    public Muxer(BlobStore blobs, VideoSettings video, Path workRoot) {
        this.blobs = blobs;
        this.video = video;
        this.workRoot = workRoot;
    }

    /**
     * @throws MuxException when the result cannot be built; {@link MuxException#isTransient()} says whether trying
     *     again later may help
     */
    public MuxResult mux(MuxRequest request) {
        JobManifest manifest = request.manifest();
        String jobId = BlobKeys.jobId(manifest.getJobId());
        JobOptions options = manifest.getOptions();
        boolean sideBySide = options != null && options.getSideBySide();
        boolean pngFrames = options != null && options.getOutputFormat() == OutputFormat.PNG_FRAMES;
        ImageSize size = manifest.getImageSize();
        FrameLayout layout = new FrameLayout(size.getWidth(), size.getHeight(), sideBySide);
        String sourceKey = manifest.getSourceKey() != null ? manifest.getSourceKey() : BlobKeys.sourceImage(jobId);
        Path dir = createWorkDir(jobId);
        try (FrameRenderer frames = new FrameRenderer(blobs, jobId, layout, sourceKey, manifest.getFrameCount(),
                video.prefetch())) {
            if (pngFrames) {
                return writePngs(jobId, manifest, frames);
            }
            return writeVideo(jobId, manifest, frames, dir);
        } finally {
            deleteRecursively(dir);
        }
    }

    private MuxResult writePngs(String jobId, JobManifest manifest, FrameRenderer frames) {
        FrameLayout layout = frames.layout();
        PngEncoder png = new PngEncoder(layout.width(), layout.height());
        for (int i = 0; i < manifest.getFrameCount(); i++) {
            byte[] bytes = png.encode(frames.render(i));
            String key = pngKey(jobId, i);
            put(() -> blobs.put(key, bytes), jobId);
        }
        return new MuxResult(null, BlobKeys.resultPrefix(jobId) + FRAMES_DIR + "/", manifest.getFrameCount(),
                manifest.getFps(), false);
    }

    /** {@code results/{jobId}/frames/000042.png}. */
    public static String pngKey(String jobId, int index) {
        return BlobKeys.result(jobId, String.format("%s/%06d.png", FRAMES_DIR, index));
    }

    private MuxResult writeVideo(String jobId, JobManifest manifest, FrameRenderer frames, Path dir) {
        FrameLayout layout = frames.layout();
        int count = manifest.getFrameCount();
        double fps = manifest.getFps();
        Path videoOnly = dir.resolve("video-only.mp4");
        try (VideoEncoder encoder = new VideoEncoder(videoOnly, layout.width(), layout.height(), fps, video)) {
            for (int i = 0; i < count; i++) {
                encoder.encode(frames.render(i));
            }
        }
        Path result = videoOnly;
        boolean audio = false;
        if (manifest.getHasAudio() && manifest.getAudioKey() != null) {
            Path withAudio = dir.resolve(VIDEO_NAME);
            audio = addAudio(jobId, manifest.getAudioKey(), videoOnly, withAudio, count / fps, dir);
            if (audio) {
                result = withAudio;
            }
        }
        String key = BlobKeys.result(jobId, VIDEO_NAME);
        Path upload = result;
        put(() -> blobs.put(key, upload), jobId);
        LOG.info("job {}: wrote {} ({} frames, {}x{}, {} fps, audio {})", jobId, key, count, layout.width(),
                layout.height(), fps, audio ? "yes" : "no");
        return new MuxResult(key, null, count, fps, audio);
    }

    /**
     * Copies the driving audio into the result. A driving video without a usable audio track still gives a result,
     * just a silent one: the frames are what the user asked for.
     */
    private boolean addAudio(String jobId, String audioKey, Path videoOnly, Path target, double seconds, Path dir) {
        Path driving = dir.resolve("driving-media");
        try {
            blobs.download(audioKey, driving);
        } catch (BlobNotFoundException e) {
            LOG.warn("job {}: audio source {} is missing; the video will be silent", jobId, audioKey);
            return false;
        } catch (BlobStoreException e) {
            throw new MuxException("cannot download the audio source " + audioKey + " of job " + jobId + ": "
                    + e.getMessage(), e, true);
        }
        try {
            boolean added = AudioMuxer.mux(videoOnly, driving, target, seconds, video, dir);
            if (!added) {
                LOG.warn("job {}: {} has no audio stream; the video will be silent", jobId, audioKey);
            }
            return added;
        } catch (MuxException e) {
            LOG.warn("job {}: cannot copy the audio of {} ({}); the video will be silent", jobId, audioKey,
                    e.getMessage());
            return false;
        }
    }

    private static void put(Runnable upload, String jobId) {
        try {
            upload.run();
        } catch (BlobStoreException e) {
            throw new MuxException("cannot upload the result of job " + jobId + ": " + e.getMessage(), e, true);
        }
    }

    private Path createWorkDir(String jobId) {
        try {
            Files.createDirectories(workRoot);
            return Files.createDirectory(workRoot.resolve(jobId + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new MuxException("cannot create a work directory under " + workRoot + ": " + e.getMessage(), e, true);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete work directory {}: {}", dir, e.getMessage());
        }
    }
}
