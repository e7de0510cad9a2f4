package org.daganstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.daganstream.cli.examples.ExampleMedia;
import org.daganstream.ingest.media.DrivingVideoDecoder;
import org.daganstream.ingest.media.Limits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dagan reenact} end to end, in this JVM: embedded broker and S3 server, every stage, the tiny bundle, the
 * project's own example media (a 4-frame clip with audio). Then the frames are compared with the PyTorch reference
 * runner's on the same inputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReenactTest {

    private static final int FRAMES = 4;

    private Path dir;

    private Path face;
    private Path driving;
    private Path video;
    private Path frames;
    private CliRun run;

    @BeforeAll
    void reenact(@TempDir Path tmp) throws IOException {
        dir = tmp;
        face = dir.resolve("face.png");
        driving = dir.resolve("driving.mp4");
        ExampleMedia.writeSourceImage(face, 320);
        ExampleMedia.writeDrivingVideo(driving, new ExampleMedia.Spec(288, FRAMES, 25.0, true));
        video = dir.resolve("out/result.mp4");
        frames = dir.resolve("frames");
        run = CliRun.of("reenact", "-s", face.toString(), "-d", driving.toString(), "-o", video.toString(),
                "--frames-dir", frames.toString(), "--progress", "plain", "--timeout", "5m");
    }

    @Test
    void writesAnMp4WithEveryFrameAndTheDrivingAudio() throws Exception {
        assertEquals(0, run.exitCode(), run.toString());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            int count = 0;
            while (g.grabImage() != null) {
                count++;
            }
            assertEquals(FRAMES, count, "decoded frames");
            assertEquals(256, g.getImageWidth());
            assertEquals(25.0, g.getFrameRate(), 0.01);
            assertTrue(g.getAudioChannels() > 0, "audio stream copied from the driving video");
        }
    }

    @Test
    void tellsWhatItDid() {
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("random placeholders") && run.err().contains("dagan_models export"), run.err());
        assertTrue(run.out().contains("PROCESSING"), run.out());
        assertTrue(run.out().contains(FRAMES + "/" + FRAMES + " frames"), run.out());
        assertTrue(run.out().contains("wrote " + video), run.out());
        assertTrue(run.out().contains("audio from the driving video"), run.out());
        assertTrue(run.out().contains("per frame in each stage") && run.out().contains("generator"), run.out());
    }

    @Test
    void framesDirHoldsOnePngPerFrame() throws IOException {
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("000000.png", "000001.png", "000002.png", "000003.png"), pngs(frames));
        BufferedImage first = ImageIO.read(frames.resolve("000000.png").toFile());
        assertEquals(256, first.getWidth());
        assertEquals(256, first.getHeight());
    }

    /** The whole system (ingest, ORT workers, Kafka Streams motion, muxer) equals the PyTorch reference loop. */
    @Test
    void framesEqualThePyTorchReference() throws Exception {
        assertEquals(0, run.exitCode(), run.toString());
        String unavailable = ReferenceRunner.unavailableReason();
        assumeTrue(unavailable == null, () -> "skipping the reference parity check: " + unavailable);

        // The reference reads driving frames as PNGs: give it exactly what ingest decodes from the video.
        Path drivingPngs = Files.createDirectories(dir.resolve("driving-png"));
        new DrivingVideoDecoder(new Limits(4096, 4096, 1000, 1L << 30)).decode(driving, "driving", (i, view) -> {
            BufferedImage img = new BufferedImage(view.width(), view.height(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < view.height(); y++) {
                for (int x = 0; x < view.width(); x++) {
                    img.setRGB(x, y, view.get(y, x, 0) << 16 | view.get(y, x, 1) << 8 | view.get(y, x, 2));
                }
            }
            ImageIO.write(img, "png", drivingPngs.resolve(String.format(Locale.ROOT, "%06d.png", i)).toFile());
        });
        Path reference = dir.resolve("reference");
        ReferenceRunner.run(TestPaths.tinyBundle(), face, drivingPngs, reference);

        for (int i = 0; i < FRAMES; i++) {
            int[] ours = rgb(frames.resolve(String.format(Locale.ROOT, "%06d.png", i)));
            int[] theirs = rgb(reference.resolve(String.format(Locale.ROOT, "frame_%06d.png", i)));
            assertEquals(theirs.length, ours.length, "frame " + i + " size");
            long sum = 0;
            int max = 0;
            for (int k = 0; k < ours.length; k++) {
                int d = Math.abs(ours[k] - theirs[k]);
                sum += d;
                max = Math.max(max, d);
            }
            double mean = sum / (double) ours.length;
            String stats = String.format(Locale.ROOT, "frame %d vs the reference: mean %.3f levels, max %d",
                    i, mean, max);
            System.out.println(stats);
            assertTrue(mean <= 0.5, stats + " (mean limit 0.5)");
            assertTrue(max <= 2, stats + " (max limit 2)");
        }
    }

    private static List<String> pngs(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
    }

    /** Every channel of every pixel, 0..255. */
    private static int[] rgb(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        int[] out = new int[img.getWidth() * img.getHeight() * 3];
        int k = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                out[k++] = p >> 16 & 0xFF;
                out[k++] = p >> 8 & 0xFF;
                out[k++] = p & 0xFF;
            }
        }
        return out;
    }
}
