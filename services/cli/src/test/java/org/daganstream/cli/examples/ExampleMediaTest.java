package org.daganstream.cli.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.daganstream.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleMediaTest {

    @TempDir
    Path tmp;

    @Test
    void examplesCommandWritesAFaceAndATalkingVideoWithAudio() throws Exception {
        CliRun run = CliRun.of("examples", "--out", tmp.toString(), "--frames", "6", "--size", "128");
        assertEquals(0, run.exitCode(), run.toString());
        BufferedImage face = ImageIO.read(tmp.resolve(ExampleMedia.SOURCE_NAME).toFile());
        assertEquals(128, face.getWidth());
        assertEquals(128, face.getHeight());
        assertEquals(3, face.getColorModel().getNumComponents(), "RGB without alpha");

        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(tmp.resolve(ExampleMedia.DRIVING_NAME).toFile())) {
            g.start();
            assertEquals("h264", g.getVideoCodecName());
            assertEquals(1, g.getAudioChannels());
            assertEquals("aac", g.getAudioCodecName());
            assertEquals(25.0, g.getFrameRate(), 0.01);
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            assertEquals(6, frames);
        }
        assertTrue(Files.size(tmp.resolve(ExampleMedia.DRIVING_NAME)) < 300_000);
    }

    @Test
    void drawingIsDeterministicAndTheFaceMoves() {
        byte[] a = pixels(ExampleMedia.render(96, ExampleMedia.drivingPose(0.3), CartoonFace.Palette.DRIVING));
        byte[] b = pixels(ExampleMedia.render(96, ExampleMedia.drivingPose(0.3), CartoonFace.Palette.DRIVING));
        byte[] c = pixels(ExampleMedia.render(96, ExampleMedia.drivingPose(0.9), CartoonFace.Palette.DRIVING));
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(c));
    }

    @Test
    void voiceFollowsTheMouthAndFillsEachFrame() {
        var quiet = ExampleMedia.voice(40, 25.0); // t = 1.6 s: the pause between phrases
        var total = 0;
        for (int i = 0; i < 25; i++) {
            total += ExampleMedia.voice(i, 25.0).remaining();
        }
        assertEquals(ExampleMedia.AUDIO_RATE, total, "one second of frames holds one second of samples");
        int peak = 0;
        while (quiet.hasRemaining()) {
            peak = Math.max(peak, Math.abs(quiet.get()));
        }
        assertTrue(peak < 1500, "quiet during a pause, peak " + peak);
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
