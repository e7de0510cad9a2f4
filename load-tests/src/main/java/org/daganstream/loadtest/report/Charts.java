package org.daganstream.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daganstream.loadtest.stats.TimeSeries;

/** The report's PNG charts, drawn with Java2D (headless). Every method writes one file and returns it. */
public final class Charts {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 420;

    static {
        // Reports are written on servers without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * A histogram of {@code values} with dashed markers (e.g. "p95" -> value).
     *
     * @param bins number of bars; 0 picks one from the sample size
     */
    public static Path histogram(Path file, String title, String xLabel, double[] values, Map<String, Double> markers,
                                 int bins) {
        int n = values.length;
        double min = n == 0 ? 0 : java.util.Arrays.stream(values).min().getAsDouble();
        double max = n == 0 ? 1 : java.util.Arrays.stream(values).max().getAsDouble();
        int b = bins > 0 ? bins : Math.max(5, Math.min(40, (int) Math.ceil(Math.sqrt(n)) * 2));
        // Start at 0 unless every value sits far from it (then zoom in on where they are).
        double lo = min >= 0 && min < 0.5 * max ? 0 : min - 0.05 * Math.max(max - min, Math.abs(min) * 0.1);
        double width = max > lo ? (max - lo) / b : 1;
        int[] counts = new int[b];
        for (double v : values) {
            counts[Math.min(b - 1, (int) Math.floor((v - lo) / width))]++;
        }
        int top = java.util.Arrays.stream(counts).max().orElse(1);
        ChartCanvas c = new ChartCanvas(WIDTH, HEIGHT, title, xLabel, "count", lo, lo + b * width, 0, Math.max(1, top));
        Graphics2D g = c.graphics();
        if (n == 0) {
            c.noData("no samples");
        }
        for (int i = 0; i < b; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double x0 = c.x(lo + i * width);
            double x1 = c.x(lo + (i + 1) * width);
            double y = c.y(counts[i]);
            g.setColor(ChartCanvas.PALETTE[0]);
            g.fill(new Rectangle2D.Double(x0 + 1, y, Math.max(1, x1 - x0 - 2), c.plotBottom() - y));
        }
        int row = 0;
        for (Map.Entry<String, Double> m : markers.entrySet()) {
            if (m.getValue() != null && Double.isFinite(m.getValue())) {
                Color color = ChartCanvas.PALETTE[(row + 1) % ChartCanvas.PALETTE.length];
                c.verticalMarker(m.getValue(), m.getKey() + " " + ChartCanvas.format(m.getValue()), color, row++);
            }
        }
        return write(c, file);
    }

    /** Lines over time, one per series (x in seconds since the start). */
    public static Path lines(Path file, String title, String yLabel, List<TimeSeries> series) {
        double xMax = 0;
        double yMax = 0;
        boolean any = false;
        for (TimeSeries s : series) {
            for (TimeSeries.Point p : s.points()) {
                xMax = Math.max(xMax, p.seconds());
                yMax = Math.max(yMax, p.value());
                any = true;
            }
        }
        ChartCanvas c = new ChartCanvas(WIDTH, HEIGHT, title, "seconds since the start", yLabel, 0,
                Math.max(xMax, 1), 0, Math.max(yMax, 1));
        Graphics2D g = c.graphics();
        if (!any) {
            c.noData("no samples");
        }
        int i = 0;
        for (TimeSeries s : series) {
            Color color = ChartCanvas.PALETTE[i++ % ChartCanvas.PALETTE.length];
            c.legend(s.name(), color);
            List<TimeSeries.Point> points = s.points();
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            if (points.size() == 1) {
                TimeSeries.Point p = points.get(0);
                g.fill(new Rectangle2D.Double(c.x(p.seconds()) - 2, c.y(p.value()) - 2, 4, 4));
                continue;
            }
            Path2D path = new Path2D.Double();
            for (int k = 0; k < points.size(); k++) {
                TimeSeries.Point p = points.get(k);
                if (k == 0) {
                    path.moveTo(c.x(p.seconds()), c.y(p.value()));
                } else {
                    path.lineTo(c.x(p.seconds()), c.y(p.value()));
                }
            }
            g.draw(path);
        }
        return write(c, file);
    }

    /** One bar per label, the value printed above it. */
    public static Path bars(Path file, String title, String yLabel, List<String> labels, List<Double> values) {
        if (labels.size() != values.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + values.size() + " values");
        }
        double top = values.stream().filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        int n = labels.size();
        ChartCanvas c = new ChartCanvas(WIDTH, HEIGHT, title, "", yLabel, 0, Math.max(1, n), 0, Math.max(top, 1e-9) * 1.1,
                false);
        Graphics2D g = c.graphics();
        if (n == 0) {
            c.noData("no values");
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        double slot = (c.x(1) - c.x(0));
        for (int i = 0; i < n; i++) {
            Double v = values.get(i);
            double x0 = c.x(i) + slot * 0.2;
            double w = slot * 0.6;
            g.setColor(ChartCanvas.PALETTE[i % ChartCanvas.PALETTE.length]);
            if (v != null && Double.isFinite(v)) {
                double y = c.y(v);
                g.fill(new Rectangle2D.Double(x0, y, w, c.plotBottom() - y));
                g.setColor(Color.BLACK);
                String s = ChartCanvas.format(v);
                g.drawString(s, (float) (x0 + (w - fm.stringWidth(s)) / 2), (float) y - 4);
            }
            g.setColor(Color.BLACK);
            String label = labels.get(i);
            g.drawString(label, (float) (x0 + (w - fm.stringWidth(label)) / 2), c.plotBottom() + 30);
        }
        return write(c, file);
    }

    private static Path write(ChartCanvas c, Path file) {
        try {
            c.writePng(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write chart " + file + ": " + e.getMessage(), e);
        }
    }
}
