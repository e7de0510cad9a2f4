package org.daganstream.loadtest.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.daganstream.cli.FfmpegLogging;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void quietFfmpeg() {
        FfmpegLogging.configure(false);
    }

    @Test
    void aClipDecodesToItsFramesWhichMove() throws Exception {
        ClipSpec spec = new ClipSpec(128, 4, 25, false);
        Clip clip = ClipMaker.make(dir.resolve("a"), spec);
        assertTrue(Files.size(clip.drivingVideo()) > 0);
        BufferedImage source = ImageIO.read(clip.sourceImage().toFile());
        assertEquals(128, source.getWidth());

        Path frames = dir.resolve("frames");
        assertEquals(4, ClipFrames.decodeToPngs(clip.drivingVideo(), frames, 4));
        BufferedImage first = ImageIO.read(frames.resolve("frame_000000.png").toFile());
        BufferedImage last = ImageIO.read(frames.resolve("frame_000003.png").toFile());
        assertEquals(128, first.getWidth());
        assertEquals(128, first.getHeight());
        assertNotEquals(0, difference(first, last), "the driving face moves between frames");
        // a second call finds the frames already there
        assertEquals(4, ClipFrames.decodeToPngs(clip.drivingVideo(), frames, 4));
    }

    @Test
    void theSameSpecGivesTheSameSourceAndIsReused() throws Exception {
        ClipSpec spec = new ClipSpec(64, 2, 25, false);
        Clip a = ClipMaker.make(dir.resolve("a"), spec);
        Clip b = ClipMaker.make(dir.resolve("b"), spec);
        assertArrayEquals(Files.readAllBytes(a.sourceImage()), Files.readAllBytes(b.sourceImage()));
        long modified = Files.getLastModifiedTime(a.drivingVideo()).toMillis();
        Clip again = ClipMaker.make(dir.resolve("a"), spec);
        assertEquals(a.drivingVideo(), again.drivingVideo());
        assertEquals(modified, Files.getLastModifiedTime(again.drivingVideo()).toMillis());
    }

    @Test
    void specsAreCheckedAndNamed() {
        assertThrows(IllegalArgumentException.class, () -> new ClipSpec(63, 1, 25, false));
        assertThrows(IllegalArgumentException.class, () -> new ClipSpec(256, 0, 25, false));
        assertThrows(IllegalArgumentException.class, () -> new ClipSpec(256, 1, 0, false));
        assertEquals("256px-100f-25fps", new ClipSpec(256, 100, 25, false).slug());
        assertEquals("256px-3f-12.5fps-audio", new ClipSpec(256, 3, 12.5, true).slug());
    }

    private static long difference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                sum += Math.abs((a.getRGB(x, y) & 0xFF) - (b.getRGB(x, y) & 0xFF));
            }
        }
        return sum;
    }
}
