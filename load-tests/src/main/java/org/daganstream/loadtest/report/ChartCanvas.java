package org.daganstream.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A chart's plotting area with title, axes, "nice" ticks and a legend, drawn with Java2D on an RGB image. Concrete
 * charts map data to pixels with {@link #x(double)} / {@link #y(double)} and draw inside {@link #graphics()}.
 */
final class ChartCanvas {

    static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
        new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
        new Color(0xBCBD22), new Color(0x17BECF)};

    private static final int LEFT = 78;
    private static final int RIGHT = 24;
    private static final int TOP = 46;
    private static final int BOTTOM = 58;

    private final BufferedImage image;
    private final Graphics2D g;
    private final int width;
    private final int height;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final List<String> legendNames = new ArrayList<>();
    private final List<Color> legendColors = new ArrayList<>();

    /** Axis ranges are widened to "nice" numbers; an empty range gets some room. */
    ChartCanvas(int width, int height, String title, String xLabel, String yLabel,
                double xMin, double xMax, double yMin, double yMax) {
        this(width, height, title, xLabel, yLabel, xMin, xMax, yMin, yMax, true);
    }

    /** @param xTicks false for category axes (bar charts label their own bars) */
    ChartCanvas(int width, int height, String title, String xLabel, String yLabel,
                double xMin, double xMax, double yMin, double yMax, boolean xTicks) {
        this.width = width;
        this.height = height;
        double[] xr = range(xMin, xMax);
        double[] yr = range(yMin, yMax);
        this.xMin = xr[0];
        this.xMax = xTicks ? niceCeil(xr[0], xr[1]) : xr[1];
        this.yMin = yr[0];
        this.yMax = niceCeil(yr[0], yr[1]);
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        drawFrame(title, xLabel, yLabel, xTicks);
    }

    Graphics2D graphics() {
        return g;
    }

    double x(double value) {
        return LEFT + (value - xMin) / (xMax - xMin) * (width - LEFT - RIGHT);
    }

    double y(double value) {
        return height - BOTTOM - (value - yMin) / (yMax - yMin) * (height - TOP - BOTTOM);
    }

    double xMax() {
        return xMax;
    }

    double yMax() {
        return yMax;
    }

    int plotBottom() {
        return height - BOTTOM;
    }

    int plotTop() {
        return TOP;
    }

    void legend(String name, Color color) {
        legendNames.add(name);
        legendColors.add(color);
    }

    /** A vertical marker line with a label at the top (percentile markers). */
    void verticalMarker(double value, String label, Color color, int row) {
        double px = x(value);
        g.setColor(color);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        g.draw(new Line2D.Double(px, TOP, px, height - BOTTOM));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(label, (float) px + 3, TOP + 12 + 13 * row);
    }

    /** "No data" in the middle of an empty chart. */
    void noData(String why) {
        g.setColor(Color.GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 14));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(why, (width - fm.stringWidth(why)) / 2f, height / 2f);
    }

    void writePng(Path file) throws IOException {
        drawLegend();
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private void drawFrame(String title, String xLabel, String yLabel, boolean xTicks) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics tm = g.getFontMetrics();
        g.drawString(title, (width - tm.stringWidth(title)) / 2f, 26);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double t : xTicks ? ticks(xMin, xMax) : List.<Double>of()) {
            double px = x(t);
            g.setColor(new Color(0xE6E6E6));
            g.draw(new Line2D.Double(px, TOP, px, height - BOTTOM));
            g.setColor(Color.DARK_GRAY);
            String s = format(t);
            g.drawString(s, (float) (px - fm.stringWidth(s) / 2.0), height - BOTTOM + 16);
        }
        for (double t : ticks(yMin, yMax)) {
            double py = y(t);
            g.setColor(new Color(0xE6E6E6));
            g.draw(new Line2D.Double(LEFT, py, width - RIGHT, py));
            g.setColor(Color.DARK_GRAY);
            String s = format(t);
            g.drawString(s, LEFT - 6 - fm.stringWidth(s), (float) py + 4);
        }
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(LEFT, height - BOTTOM, width - RIGHT, height - BOTTOM));
        g.draw(new Line2D.Double(LEFT, TOP, LEFT, height - BOTTOM));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics lm = g.getFontMetrics();
        g.drawString(xLabel, (LEFT + width - RIGHT - lm.stringWidth(xLabel)) / 2f, height - 18);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + height - BOTTOM + lm.stringWidth(yLabel)) / 2f, 18);
        rotated.dispose();
    }

    private void drawLegend() {
        if (legendNames.isEmpty()) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int w = legendNames.stream().mapToInt(fm::stringWidth).max().orElse(0) + 30;
        int h = legendNames.size() * 15 + 8;
        int x0 = width - RIGHT - w - 6;
        int y0 = TOP + 6;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x0, y0, w, h);
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(x0, y0, w, h);
        for (int i = 0; i < legendNames.size(); i++) {
            int ly = y0 + 15 + i * 15;
            g.setColor(legendColors.get(i));
            g.fillRect(x0 + 6, ly - 8, 14, 8);
            g.setColor(Color.BLACK);
            g.drawString(legendNames.get(i), x0 + 24, ly);
        }
    }

    private static double[] range(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return new double[] {0, 1};
        }
        if (max <= min) {
            return new double[] {min, min + Math.max(1, Math.abs(min) * 0.1)};
        }
        return new double[] {min, max};
    }

    /** Rounds the top of an axis up to the next tick so the last value is not on the edge. */
    private static double niceCeil(double min, double max) {
        double step = step(min, max);
        return min + Math.ceil((max - min) / step - 1e-9) * step;
    }

    private static double step(double min, double max) {
        double raw = (max - min) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static List<Double> ticks(double min, double max) {
        double step = step(min, max);
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-6; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks;
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
