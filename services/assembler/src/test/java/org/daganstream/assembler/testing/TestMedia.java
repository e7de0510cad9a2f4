package org.daganstream.assembler.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PCM_MULAW;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small driving videos made with FFmpeg, and helpers to inspect the videos the assembler writes. */
public final class TestMedia {

    /** The driving video's audio track. */
    public enum Audio {
        NONE,
        /** AAC in MP4: MP4 can carry it as it is. */
        AAC,
        /** mu-law PCM in AVI: MP4 cannot carry it, so it must be re-encoded. */
        MULAW_AVI
    }

    public static final int SAMPLE_RATE_AAC = 44_100;
    public static final int SAMPLE_RATE_MULAW = 8_000;

    private TestMedia() {
    }

    /** Writes a {@code frames}-frame driving video (gray ramps) with the given audio (a 440 Hz tone). */
    public static void drivingVideo(Path file, int frames, double fps, int size, Audio audio) throws Exception {
        boolean avi = audio == Audio.MULAW_AVI;
        int rate = avi ? SAMPLE_RATE_MULAW : SAMPLE_RATE_AAC;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), size, size, audio == Audio.NONE ? 0 : 1)) {
            r.setFormat(avi ? "avi" : "mp4");
            r.setVideoCodec(AV_CODEC_ID_MPEG4);
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoBitrate(400_000);
            if (audio != Audio.NONE) {
                r.setAudioCodec(avi ? AV_CODEC_ID_PCM_MULAW : AV_CODEC_ID_AAC);
                r.setSampleRate(rate);
                r.setAudioChannels(1);
            }
            r.start();
            long sample = 0;
            try (Frame image = new Frame(size, size, Frame.DEPTH_UBYTE, 3)) {
                for (int i = 0; i < frames; i++) {
                    ByteBuffer b = (ByteBuffer) image.image[0];
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size * 3; x++) {
                            b.put(y * image.imageStride + x, (byte) ((x / 3 + y + i * 8) & 0xff));
                        }
                    }
                    r.record(image, AV_PIX_FMT_BGR24);
                    if (audio != Audio.NONE) {
                        int n = (int) Math.round(rate / fps);
                        ShortBuffer tone = ShortBuffer.allocate(n);
                        for (int k = 0; k < n; k++, sample++) {
                            tone.put((short) (8000 * Math.sin(2 * Math.PI * 440 * sample / rate)));
                        }
                        tone.flip();
                        r.recordSamples(rate, 1, tone);
                    }
                }
            }
            r.stop();
        }
    }

    /** Whether the MP4 index ({@code moov}) precedes the media data ({@code mdat}): playable while downloading. */
    public static boolean indexIsAtTheFront(Path mp4) throws java.io.IOException {
        String bytes = new String(java.nio.file.Files.readAllBytes(mp4), java.nio.charset.StandardCharsets.ISO_8859_1);
        int moov = bytes.indexOf("moov");
        int mdat = bytes.indexOf("mdat");
        return moov >= 0 && mdat >= 0 && moov < mdat;
    }

    /** What a player sees in a video file. */
    public record Probe(int videoFrames, double fps, int width, int height, String videoCodec, int audioChannels,
                        String audioCodec, double audioSeconds, List<byte[]> rgbFrames) {
    }

    /** Decodes every frame (and counts audio samples) of {@code file}; keeps the RGB of the first {@code keep}. */
    public static Probe probe(Path file, int keep) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24);
            g.start();
            int frames = 0;
            long samples = 0;
            List<byte[]> kept = new ArrayList<>();
            Frame f;
            while ((f = g.grab()) != null) {
                if (f.image != null) {
                    if (kept.size() < keep) {
                        ByteBuffer b = (ByteBuffer) f.image[0];
                        byte[] rgb = new byte[f.imageWidth * f.imageHeight * 3];
                        for (int y = 0; y < f.imageHeight; y++) {
                            b.position(y * f.imageStride);
                            b.get(rgb, y * f.imageWidth * 3, f.imageWidth * 3);
                        }
                        b.rewind();
                        kept.add(rgb);
                    }
                    frames++;
                }
                if (f.samples != null) {
                    samples += f.samples[0].limit() / Math.max(1, f.samples.length == 1 ? f.audioChannels : 1);
                }
            }
            double audioSeconds = g.getSampleRate() > 0 ? samples / (double) g.getSampleRate() : 0;
            return new Probe(frames, g.getFrameRate(), g.getImageWidth(), g.getImageHeight(), g.getVideoCodecName(),
                    g.getAudioChannels(), g.getAudioChannels() > 0 ? g.getAudioCodecName() : null, audioSeconds, kept);
        }
    }
}
