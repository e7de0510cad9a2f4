package org.daganstream.cli.examples;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The project's own example inputs, made deterministically so the quickstart needs no download: a cartoon face as
 * the source image and a short driving video of another cartoon face that turns its head, blinks and talks, with a
 * voice-like tone (AAC) whose loudness follows the mouth.
 */
public final class ExampleMedia {

    public static final String SOURCE_NAME = "face.png";
    public static final String DRIVING_NAME = "driving.mp4";
    public static final int AUDIO_RATE = 44_100;

    /**
     * @param size   width and height of the image and the video
     * @param frames driving frames
     * @param fps    driving frame rate
     * @param audio  whether the video gets the audio track
     */
    public record Spec(int size, int frames, double fps, boolean audio) {
        public static final Spec DEFAULT = new Spec(320, 50, 25.0, true);

        public Spec {
            if (size < 64 || size % 2 != 0) {
                throw new IllegalArgumentException("size must be even and at least 64, got " + size);
            }
            if (frames < 1) {
                throw new IllegalArgumentException("frames must be at least 1, got " + frames);
            }
            if (!(fps > 0 && fps <= 120)) {
                throw new IllegalArgumentException("fps must be in (0, 120], got " + fps);
            }
        }
    }

    private ExampleMedia() {
    }

    /** Writes {@code face.png} and {@code driving.mp4} into {@code dir}. */
    public static void writeAll(Path dir, Spec spec) throws IOException {
        Files.createDirectories(dir);
        writeSourceImage(dir.resolve(SOURCE_NAME), spec.size());
        writeDrivingVideo(dir.resolve(DRIVING_NAME), spec);
    }

    /** The source face: neutral pose, the source palette, RGB PNG. */
    public static void writeSourceImage(Path file, int size) throws IOException {
        BufferedImage image = render(size, CartoonFace.Pose.NEUTRAL, CartoonFace.Palette.SOURCE);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** The driving video: H.264 (yuv420p) MP4, with an AAC track when {@code spec.audio()}. */
    public static void writeDrivingVideo(Path file, Spec spec) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), spec.size(), spec.size(),
                spec.audio() ? 1 : 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(spec.fps());
            recorder.setGopSize((int) Math.round(spec.fps()));
            // High enough that compression does not smear the cartoon's edges.
            recorder.setVideoBitrate((int) (2.0 * spec.size() * spec.size() * spec.fps() / 8));
            if (spec.audio()) {
                recorder.setAudioCodec(AV_CODEC_ID_AAC);
                recorder.setSampleRate(AUDIO_RATE);
                recorder.setAudioChannels(1);
                recorder.setAudioBitrate(64_000);
            }
            recorder.start();
            for (int i = 0; i < spec.frames(); i++) {
                double t = i / spec.fps();
                BufferedImage image = render(spec.size(), drivingPose(t), CartoonFace.Palette.DRIVING);
                Frame frame = converter.convert(image);
                recorder.record(frame);
                if (spec.audio()) {
                    recorder.recordSamples(AUDIO_RATE, 1, voice(i, spec.fps()));
                }
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    static BufferedImage render(int size, CartoonFace.Pose pose, CartoonFace.Palette palette) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            CartoonFace.draw(g, size, size, pose, palette);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The driving face's pose at {@code t} seconds: sways, nods, blinks every ~1.7 s and talks. */
    public static CartoonFace.Pose drivingPose(double t) {
        double blinkPhase = (t + 0.4) % 1.7;
        double eyeOpen = blinkPhase < 0.16 ? Math.abs(blinkPhase - 0.08) / 0.08 : 1.0;
        return new CartoonFace.Pose(
                0.05 * Math.sin(2 * Math.PI * 0.45 * t),
                0.025 * Math.sin(2 * Math.PI * 0.7 * t + 1.0),
                0.12 * Math.sin(2 * Math.PI * 0.35 * t),
                eyeOpen,
                Math.sin(2 * Math.PI * 0.3 * t),
                0.5 + 0.5 * Math.sin(2 * Math.PI * 0.55 * t + 2.0),
                mouthOpen(t));
    }

    /** Syllables about four times a second, with a pause every two seconds. */
    static double mouthOpen(double t) {
        double syllable = Math.max(0, Math.sin(2 * Math.PI * 3.7 * t));
        double phrase = (t % 2.0) < 1.6 ? 1.0 : 0.0;
        return Math.pow(syllable, 1.5) * phrase;
    }

    /** One frame's worth of audio: a buzzy 150 Hz voice whose loudness follows the mouth. */
    static ShortBuffer voice(int frameIndex, double fps) {
        long from = Math.round(frameIndex * AUDIO_RATE / fps);
        long to = Math.round((frameIndex + 1) * AUDIO_RATE / fps);
        ShortBuffer samples = ShortBuffer.allocate((int) (to - from));
        for (long n = from; n < to; n++) {
            double t = n / (double) AUDIO_RATE;
            double f0 = 150 + 25 * Math.sin(2 * Math.PI * 0.8 * t);
            double phase = 2 * Math.PI * f0 * t;
            double wave = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
            double loud = 0.1 + 0.9 * mouthOpen(t);
            samples.put((short) Math.round(5000 * loud * wave));
        }
        samples.flip();
        return samples;
    }
}
