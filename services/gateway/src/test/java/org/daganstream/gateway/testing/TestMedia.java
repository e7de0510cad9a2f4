package org.daganstream.gateway.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small real media files for tests: a PNG face stand-in and an H.264 MP4 like the assembler writes. */
public final class TestMedia {

    private TestMedia() {
    }

    public static void png(Path target, int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(235, 200, 170));
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(60, 40, 30));
        g.fillOval(size / 4, size / 3, size / 8, size / 8);
        g.fillOval(size * 5 / 8, size / 3, size / 8, size / 8);
        g.fillRect(size / 3, size * 2 / 3, size / 3, size / 16);
        g.dispose();
        ImageIO.write(image, "png", target.toFile());
    }

    /** {@code frames} frames of a square moving over a gradient, H.264 yuv420p, index at the front. */
    public static void mp4(Path target, int size, int frames, double fps) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), size, size, 0);
             Frame frame = new Frame(size, size, Frame.DEPTH_UBYTE, 3)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(400_000);
            recorder.setOption("movflags", "+faststart");
            recorder.start();
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            int stride = frame.imageStride;
            for (int i = 0; i < frames; i++) {
                int square = (i * 4) % (size - 16);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean inSquare = x >= square && x < square + 16 && y >= size / 2 - 8 && y < size / 2 + 8;
                        int at = y * stride + x * 3;
                        pixels.put(at, (byte) (inSquare ? 250 : x * 2));
                        pixels.put(at + 1, (byte) (inSquare ? 30 : y * 2));
                        pixels.put(at + 2, (byte) (inSquare ? 30 : 128));
                    }
                }
                recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        }
    }
}
