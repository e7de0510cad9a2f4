package org.daganstream.ingest.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.daganstream.ingest.InputRejectedException;
import org.daganstream.ingest.resize.Rgb8View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a driving video file frame by frame with FFmpeg (JavaCV {@link FFmpegFrameGrabber}, RGB24), handing
 * each frame to a {@link FrameSink} while it is valid; nothing is kept, so memory does not grow with the video.
 *
 * <p>Frames come out as the reference's {@code imageio}/ffmpeg command line gives them: RGB24 at the coded size,
 * converted with bicubic swscale flags (the command line's default) and turned upright by the stream's display
 * rotation (the command line auto-rotates). Rejects, with a reason naming the file: images given as video, files
 * FFmpeg cannot open, streams without video, frames above the size limit, more frames than allowed, files without
 * any frame, and truncated files (the container lists more frames than could be decoded).
 */
public final class DrivingVideoDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(DrivingVideoDecoder.class);

    /** Used when the container states no usable frame rate. */
    public static final double DEFAULT_FPS = 25.0;

    /** Receives each decoded frame; the view is only valid during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(int frameIndex, Rgb8View frame) throws Exception;
    }

    /**
     * What the decoder learnt about the video.
     *
     * @param frameCount frames decoded and handed to the sink
     * @param fps        frame rate (average, or {@link #DEFAULT_FPS} when the file states none)
     * @param width      upright frame width in pixels (after display rotation)
     * @param height     upright frame height in pixels
     * @param hasAudio   whether the file has an audio stream
     * @param container  FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
     * @param codec      video codec name, e.g. "h264"
     * @param rotation   clockwise degrees applied to make frames upright (0, 90, 180, 270)
     */
    public record VideoInfo(int frameCount, double fps, int width, int height, boolean hasAudio, String container,
                            String codec, int rotation) {
    }

    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");

    private final Limits limits;

    public DrivingVideoDecoder(Limits limits) {
        this.limits = limits;
    }

    /**
     * Decodes every frame of {@code file} into {@code sink}.
     *
     * @param label how to name the video in errors, e.g. "driving video s3://dagan/uploads/j1/drive.mp4"
     * @throws InputRejectedException when the file is not a usable video (the message says why and what to do)
     * @throws Exception              whatever the sink throws, unchanged
     */
    public VideoInfo decode(Path file, String label, FrameSink sink) throws Exception {
        MediaSniffer.Format sniffed = sniff(file);
        if (sniffed.isImage()) {
            throw new InputRejectedException("image-as-video", label + " is " + SourceImageDecoder.withArticle(sniffed.name())
                    + ", not a video; upload the driving video (e.g. MP4) here and the face image as the source");
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.setImageScalingFlags(swscale.SWS_BICUBIC);
            start(grabber, label, sniffed);
            String container = grabber.getFormat();
            if (isImageDemuxer(container)) {
                throw new InputRejectedException("image-as-video", label + " is a still image (FFmpeg reads it as "
                        + container + "), not a video; upload the driving video (e.g. MP4) here");
            }
            if (!grabber.hasVideo()) {
                throw new InputRejectedException("no-video-stream", label + " has no video stream"
                        + (grabber.hasAudio() ? " (audio only)" : "") + "; upload a video with picture frames");
            }
            int rotation = clockwiseRotation(grabber.getDisplayRotation());
            boolean sideways = rotation % 180 != 0;
            int width = sideways ? grabber.getImageHeight() : grabber.getImageWidth();
            int height = sideways ? grabber.getImageWidth() : grabber.getImageHeight();
            checkSize(label, width, height);
            double fps = frameRate(grabber);
            long declaredFrames = declaredFrames(grabber);
            String codec = grabber.getVideoCodecName();

            int count = decodeFrames(grabber, label, rotation, sink);
            if (count == 0) {
                throw new InputRejectedException("no-frames", label + " contains no decodable video frames"
                        + "; upload a video with at least one frame");
            }
            if (declaredFrames > count) {
                throw new InputRejectedException("truncated-video", label + " appears truncated or damaged: its "
                        + "container lists " + declaredFrames + " frames but only " + count + " could be decoded"
                        + "; upload the complete file again");
            }
            return new VideoInfo(count, fps, width, height, grabber.hasAudio(), container, codec, rotation);
        }
    }

    private int decodeFrames(FFmpegFrameGrabber grabber, String label, int rotation, FrameSink sink) throws Exception {
        int count = 0;
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception e) {
                throw new InputRejectedException("corrupt-video", label + " is damaged: FFmpeg failed after "
                        + count + " frames (" + ffmpegReason(e.getMessage()) + "); upload an intact video", e);
            }
            if (frame == null) {
                return count;
            }
            if (frame.image == null || frame.image[0] == null) {
                continue;
            }
            if (count >= limits.maxFrames()) {
                throw new InputRejectedException("too-many-frames", label + " has more than " + limits.maxFrames()
                        + " frames, the limit (ingest.max.frames); trim or split the video");
            }
            // RGB24 was requested, so 3 bytes per pixel; JavaCV's imageChannels (stride / width) is wrong when
            // rows are padded, so it is not used.
            Rgb8View view = new Rgb8View((ByteBuffer) frame.image[0], 0, frame.imageHeight, frame.imageWidth,
                    frame.imageStride, 3).rotatedClockwise(rotation);
            if (!limits.fits(view.width(), view.height())) {
                checkSize(label, view.width(), view.height());
            }
            sink.accept(count, view);
            count++;
        }
    }

    private static void start(FFmpegFrameGrabber grabber, String label, MediaSniffer.Format sniffed) {
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            String what = sniffed == MediaSniffer.Format.UNKNOWN ? "in no recognised video format"
                    : SourceImageDecoder.withArticle(sniffed.name());
            throw new InputRejectedException("corrupt-video", label + " could not be opened as a video (it is "
                    + what + "; FFmpeg: " + ffmpegReason(e.getMessage()) + "); upload an intact video file"
                    + " such as MP4, MOV, WebM, MKV or AVI", e);
        }
    }

    private void checkSize(String label, int width, int height) {
        if (!limits.fits(width, height)) {
            throw new InputRejectedException("video-too-large", label + " has " + width + "x" + height
                    + " frames, above the limit " + limits.sizeLimit() + "; downscale it (the model works at 256x256)");
        }
    }

    /** FFmpeg's demuxers for still images: "image2" and the "*_pipe" family (png_pipe, jpeg_pipe, ...). */
    static boolean isImageDemuxer(String format) {
        return format != null && (format.equals("image2") || format.endsWith("_pipe"));
    }

    /**
     * The clockwise turn the ffmpeg command line applies for a display matrix whose counter-clockwise rotation is
     * {@code displayRotation}: {@code -round(angle)} normalised to [0, 360). Odd angles are left alone, as there.
     */
    static int clockwiseRotation(double displayRotation) {
        if (!Double.isFinite(displayRotation)) {
            return 0;
        }
        int degrees = Math.floorMod(-(int) Math.round(displayRotation), 360);
        if (degrees % 90 != 0) {
            LOG.warn("ignoring display rotation of {} degrees (not a multiple of 90)", displayRotation);
            return 0;
        }
        return degrees;
    }

    private static double frameRate(FFmpegFrameGrabber grabber) {
        double fps = grabber.getVideoFrameRate();
        if (!(fps > 0.0) || !Double.isFinite(fps) || fps > 1000.0) {
            LOG.warn("video states no usable frame rate ({}), assuming {} fps", fps, DEFAULT_FPS);
            return DEFAULT_FPS;
        }
        return fps;
    }

    /** The video stream's frame count as the container states it (0 when it does not). */
    private static long declaredFrames(FFmpegFrameGrabber grabber) {
        AVFormatContext context = grabber.getFormatContext();
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return Math.max(0, stream.nb_frames());
            }
        }
        return 0;
    }

    private static MediaSniffer.Format sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MediaSniffer.HEAD_LENGTH);
            return MediaSniffer.sniff(head);
        }
    }

    /**
     * JavaCV's messages carry the local temp path and hints for programmers; keep FFmpeg's own explanation of the
     * error code instead ("Invalid data found when processing input").
     */
    static String ffmpegReason(String message) {
        if (message == null) {
            return "no details";
        }
        Matcher code = ERROR_CODE.matcher(message);
        if (code.find()) {
            try (BytePointer buffer = new BytePointer(256)) {
                if (avutil.av_strerror(Integer.parseInt(code.group(1)), buffer, 256) == 0) {
                    return buffer.getString().trim();
                }
            } catch (NumberFormatException e) {
                // fall through to the trimmed message
            }
        }
        String trimmed = message.replaceAll("\"[^\"]*\"", "the file");
        int hint = trimmed.indexOf(" (");
        return (hint > 0 ? trimmed.substring(0, hint) : trimmed).trim();
    }
}
