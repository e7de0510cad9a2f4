package org.daganstream.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.daganstream.loadtest.stats.TimeSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void histogramIsAPngWithBarsInTheDataColour() throws Exception {
        Path file = Charts.histogram(dir.resolve("h.png"), "Latency", "seconds", new double[] {1, 2, 2, 3, 3, 3, 10},
                Map.of("p50", 3.0), 0);
        BufferedImage image = read(file);
        assertTrue(countColour(image, ChartCanvas.PALETTE[0].getRGB()) > 500, "expected filled bars");
    }

    @Test
    void lineChartDrawsEverySeriesAndTheEmptyCase() throws Exception {
        TimeSeries a = new TimeSeries("a", "x");
        TimeSeries b = new TimeSeries("b", "x");
        for (int i = 0; i < 10; i++) {
            a.add(i, i * i);
            b.add(i, 50 - i);
        }
        BufferedImage image = read(Charts.lines(dir.resolve("l.png"), "Lines", "value", List.of(a, b)));
        assertTrue(countColour(image, ChartCanvas.PALETTE[0].getRGB()) > 50);
        assertTrue(countColour(image, ChartCanvas.PALETTE[1].getRGB()) > 50);
        read(Charts.lines(dir.resolve("empty.png"), "Nothing", "value", List.of()));
    }

    @Test
    void barChartHasOneBarPerValue() throws Exception {
        BufferedImage image = read(Charts.bars(dir.resolve("b.png"), "fps", "frames/s", List.of("ref", "1x", "2x"),
                List.of(0.7, 1.2, Double.NaN)));
        assertTrue(countColour(image, ChartCanvas.PALETTE[0].getRGB()) > 500);
        assertTrue(countColour(image, ChartCanvas.PALETTE[1].getRGB()) > 500);
        assertEquals(0, countColour(image, ChartCanvas.PALETTE[2].getRGB()), "a NaN value draws no bar");
    }

    @Test
    void ticksAreRoundNumbers() {
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0), ChartCanvas.ticks(0, 12));
        assertEquals("1.5", ChartCanvas.format(1.5));
        assertEquals("25k", ChartCanvas.format(25_000));
    }

    private static BufferedImage read(Path file) throws Exception {
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        return image;
    }

    private static int countColour(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}
