package org.daganstream.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.daganstream.ingest.resize.Rgb8View;
import org.daganstream.ingest.resize.SkimageResize;

/** Small media made by the tests themselves: MP4s via FFmpegFrameRecorder, images via ImageIO. */
public final class TestMedia {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private TestMedia() {
    }

    /** Options of a generated video. */
    public record VideoSpec(int width, int height, int frames, double fps, boolean audio, double displayRotation,
                            boolean fastStart) {
        public static VideoSpec of(int width, int height, int frames) {
            return new VideoSpec(width, height, frames, 25.0, false, 0.0, false);
        }

        public VideoSpec withAudio() {
            return new VideoSpec(width, height, frames, fps, true, displayRotation, fastStart);
        }

        public VideoSpec withFps(double f) {
            return new VideoSpec(width, height, frames, f, audio, displayRotation, fastStart);
        }

        public VideoSpec withDisplayRotation(double degrees) {
            return new VideoSpec(width, height, frames, fps, audio, degrees, fastStart);
        }

        /** Index (moov) before the media data, so a cut file still opens and lists every frame. */
        public VideoSpec withFastStart() {
            return new VideoSpec(width, height, frames, fps, audio, displayRotation, true);
        }
    }

    /** Writes an MPEG-4 Part 2 MP4 (AAC audio when asked) with a moving colour pattern. */
    public static Path writeMp4(Path file, VideoSpec spec) {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), spec.width(), spec.height(),
                spec.audio() ? 1 : 0)) {
            recorder.setFormat("mp4");
            recorder.setFrameRate(spec.fps());
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setVideoQuality(2);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            if (spec.displayRotation() != 0.0) {
                recorder.setDisplayRotation(spec.displayRotation());
            }
            if (spec.fastStart()) {
                recorder.setOption("movflags", "+faststart");
            }
            if (spec.audio()) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setSampleRate(16_000);
                recorder.setAudioChannels(1);
            }
            recorder.start();
            try (Frame frame = new Frame(spec.width(), spec.height(), Frame.DEPTH_UBYTE, 3)) {
                int samplesPerFrame = (int) Math.round(16_000 / spec.fps());
                for (int i = 0; i < spec.frames(); i++) {
                    paint(frame, i);
                    recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
                    if (spec.audio()) {
                        ShortBuffer samples = ShortBuffer.allocate(samplesPerFrame);
                        for (int k = 0; k < samplesPerFrame; k++) {
                            samples.put(k, (short) (3000 * Math.sin((i * samplesPerFrame + k) * 0.05)));
                        }
                        recorder.recordSamples(16_000, 1, samples);
                    }
                }
            }
            recorder.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void paint(Frame frame, int index) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        for (int y = 0; y < frame.imageHeight; y++) {
            for (int x = 0; x < frame.imageWidth; x++) {
                int p = y * frame.imageStride + 3 * x;
                pixels.put(p, (byte) (x * 255 / Math.max(1, frame.imageWidth - 1)));
                pixels.put(p + 1, (byte) (y * 255 / Math.max(1, frame.imageHeight - 1)));
                pixels.put(p + 2, (byte) ((index * 23 + (x / 8 + y / 8) % 2 * 100) & 0xFF));
            }
        }
    }

    /**
     * Decodes {@code file} independently of the service (grabber at RGB24, bicubic flags) and resizes each frame:
     * what the frame blobs must hold.
     */
    public static List<float[]> expectedFrames(Path file) throws Exception {
        List<float[]> frames = new ArrayList<>();
        SkimageResize resize = SkimageResize.toModelSize();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.setImageScalingFlags(org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                frames.add(resize.resize(new Rgb8View((ByteBuffer) frame.image[0], 0, frame.imageHeight,
                        frame.imageWidth, frame.imageStride, 3)));
            }
        }
        return frames;
    }

    /** A smooth RGB test image with some structure. */
    public static BufferedImage rgbImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / Math.max(1, width - 1);
                int g = y * 255 / Math.max(1, height - 1);
                int b = ((x / 4 + y / 4) % 2) * 200;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + image.getType());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code fraction} of a file's bytes: a broken upload. */
    public static byte[] truncate(Path file, double fraction) {
        try {
            byte[] all = Files.readAllBytes(file);
            return java.util.Arrays.copyOf(all, (int) (all.length * fraction));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
