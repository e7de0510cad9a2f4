package org.daganstream.loadtest.clip;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Decodes a driving clip into numbered PNG frames ({@code frame_000000.png}, ...), so the PyTorch reference runner
 * (which reads a folder of frames when no {@code ffmpeg} program is installed) animates exactly the frames the
 * pipeline decodes from the same video.
 */
public final class ClipFrames {

    private ClipFrames() {
    }

    /** Writes every video frame of {@code video} into {@code dir}; returns how many. Existing frames are reused. */
    public static int decodeToPngs(Path video, Path dir, int expectedFrames) {
        try {
            Files.createDirectories(dir);
            if (countPngs(dir) == expectedFrames) {
                return expectedFrames;
            }
            int n = 0;
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                 Java2DFrameConverter converter = new Java2DFrameConverter()) {
                grabber.start();
                Frame frame;
                while ((frame = grabber.grabImage()) != null) {
                    BufferedImage image = converter.convert(frame);
                    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                    rgb.getGraphics().drawImage(image, 0, 0, null);
                    Path file = dir.resolve(String.format(Locale.ROOT, "frame_%06d.png", n++));
                    if (!ImageIO.write(rgb, "png", file.toFile())) {
                        throw new IOException("no PNG writer available");
                    }
                }
                grabber.stop();
            }
            if (n != expectedFrames) {
                throw new IllegalStateException(video + " decoded to " + n + " frames, expected " + expectedFrames);
            }
            return n;
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("could not decode " + video + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write frames of " + video + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long countPngs(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("frame_\\d{6}\\.png")).count();
        }
    }
}
