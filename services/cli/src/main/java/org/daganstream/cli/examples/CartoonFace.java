package org.daganstream.cli.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;

/**
 * Draws a front-facing cartoon face with Java2D, posed by a {@link Pose}: head position and tilt, eye opening and
 * gaze, eyebrow raise and mouth opening. Deterministic: the same pose and palette give the same pixels. All sizes
 * are fractions of the canvas, so any size works.
 */
public final class CartoonFace {

    /**
     * @param shiftX    head shift right, as a fraction of the width
     * @param shiftY    head shift down, as a fraction of the height
     * @param tilt      head roll in radians (positive = clockwise)
     * @param eyeOpen   1 = open, 0 = closed
     * @param gaze      iris shift left/right, -1..1
     * @param browRaise 0..1
     * @param mouthOpen 0 = closed smile, 1 = wide open
     */
    public record Pose(double shiftX, double shiftY, double tilt, double eyeOpen, double gaze, double browRaise,
                       double mouthOpen) {
        public static final Pose NEUTRAL = new Pose(0, 0, 0, 1, 0, 0, 0);
    }

    /** Colours of one character. */
    public record Palette(Color backgroundTop, Color backgroundBottom, Color skin, Color skinShade, Color hair,
                          Color iris, Color lips, Color shirt) {
        /** The source character. */
        public static final Palette SOURCE = new Palette(new Color(0xB9CFE0), new Color(0x6F8FAF),
                new Color(0xF2C9A0), new Color(0xD49A6A), new Color(0x4A2C1A), new Color(0x3C7A4E),
                new Color(0xC25A5A), new Color(0x2F4F7F));
        /** The character of the driving video (someone else, so the reenactment visibly transfers motion). */
        public static final Palette DRIVING = new Palette(new Color(0xE8DCC0), new Color(0xB09A70),
                new Color(0xC68E62), new Color(0x93603C), new Color(0x1A1A1A), new Color(0x5A3A1A),
                new Color(0x9A4040), new Color(0x8A2F2F));
    }

    private CartoonFace() {
    }

    public static void draw(Graphics2D g, int width, int height, Pose pose, Palette palette) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double w = width;
        double h = height;
        g.setPaint(new GradientPaint(0, 0, palette.backgroundTop(), 0, (float) h, palette.backgroundBottom()));
        g.fillRect(0, 0, width, height);

        double cx = w * (0.5 + pose.shiftX());
        double cy = h * (0.47 + pose.shiftY());
        AffineTransform saved = g.getTransform();
        // Shoulders move with the head a little, but do not tilt.
        g.setColor(palette.shirt());
        g.fill(new RoundRectangle2D.Double(cx - 0.42 * w, cy + 0.36 * h, 0.84 * w, 0.4 * h, 0.3 * w, 0.3 * w));
        g.setColor(palette.skinShade());
        g.fill(new RoundRectangle2D.Double(cx - 0.09 * w, cy + 0.22 * h, 0.18 * w, 0.2 * h, 0.06 * w, 0.06 * w));

        g.rotate(pose.tilt(), cx, cy);
        drawHead(g, w, h, cx, cy, palette);
        drawEyes(g, w, h, cx, cy, pose, palette);
        drawNose(g, w, h, cx, cy, palette);
        drawMouth(g, w, h, cx, cy, pose, palette);
        g.setTransform(saved);
    }

    private static void drawHead(Graphics2D g, double w, double h, double cx, double cy, Palette p) {
        double rx = 0.27 * w;
        double ry = 0.34 * h;
        g.setColor(p.skinShade());
        g.fill(new Ellipse2D.Double(cx - rx - 0.045 * w, cy - 0.05 * h, 0.09 * w, 0.14 * h));
        g.fill(new Ellipse2D.Double(cx + rx - 0.045 * w, cy - 0.05 * h, 0.09 * w, 0.14 * h));
        g.setPaint(new RadialGradientPaint(new Point2D.Double(cx - 0.06 * w, cy - 0.1 * h), (float) (1.2 * ry),
                new float[] {0f, 0.75f, 1f}, new Color[] {p.skin(), p.skin(), p.skinShade()}));
        g.fill(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry));
        // Hair: a cap over the top of the head with a side parting.
        Path2D hair = new Path2D.Double();
        hair.moveTo(cx - rx * 1.04, cy - 0.02 * h);
        hair.curveTo(cx - rx * 1.15, cy - ry * 1.25, cx + rx * 1.15, cy - ry * 1.25, cx + rx * 1.04, cy - 0.02 * h);
        hair.curveTo(cx + rx * 0.9, cy - ry * 0.55, cx + rx * 0.2, cy - ry * 0.7, cx - rx * 0.25, cy - ry * 0.62);
        hair.curveTo(cx - rx * 0.6, cy - ry * 0.55, cx - rx * 0.9, cy - ry * 0.4, cx - rx * 1.04, cy - 0.02 * h);
        hair.closePath();
        g.setColor(p.hair());
        g.fill(hair);
        // Cheeks.
        g.setColor(new Color(p.lips().getRed(), p.lips().getGreen(), p.lips().getBlue(), 60));
        g.fill(new Ellipse2D.Double(cx - 0.2 * w, cy + 0.06 * h, 0.09 * w, 0.06 * h));
        g.fill(new Ellipse2D.Double(cx + 0.11 * w, cy + 0.06 * h, 0.09 * w, 0.06 * h));
    }

    private static void drawEyes(Graphics2D g, double w, double h, double cx, double cy, Pose pose, Palette p) {
        double open = Math.max(0.06, Math.min(1, pose.eyeOpen()));
        double ex = 0.105 * w;
        double ey = cy - 0.045 * h;
        double rw = 0.065 * w;
        double rh = 0.042 * h * open;
        for (int side = -1; side <= 1; side += 2) {
            double x = cx + side * ex;
            // Brow: raised with surprise, slightly angled.
            double browY = ey - 0.085 * h - 0.035 * h * pose.browRaise();
            g.setColor(p.hair());
            g.setStroke(new BasicStroke((float) (0.018 * w), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(x - 0.07 * w, browY, 0.14 * w, 0.06 * h, 20, 140, Arc2D.OPEN));
            // Eye white, iris, pupil, clipped to the opening.
            Ellipse2D white = new Ellipse2D.Double(x - rw, ey - rh, 2 * rw, 2 * rh);
            g.setColor(Color.WHITE);
            g.fill(white);
            var clip = g.getClip();
            g.clip(white);
            double ir = 0.032 * w;
            double ix = x + pose.gaze() * 0.025 * w;
            g.setColor(p.iris());
            g.fill(new Ellipse2D.Double(ix - ir, ey - ir, 2 * ir, 2 * ir));
            g.setColor(Color.BLACK);
            g.fill(new Ellipse2D.Double(ix - ir * 0.45, ey - ir * 0.45, ir * 0.9, ir * 0.9));
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(ix - ir * 0.35, ey - ir * 0.55, ir * 0.3, ir * 0.3));
            g.setClip(clip);
            g.setColor(p.skinShade().darker());
            g.setStroke(new BasicStroke((float) (0.008 * w)));
            g.draw(white);
        }
    }

    private static void drawNose(Graphics2D g, double w, double h, double cx, double cy, Palette p) {
        Path2D nose = new Path2D.Double();
        nose.moveTo(cx - 0.005 * w, cy + 0.0 * h);
        nose.curveTo(cx - 0.03 * w, cy + 0.06 * h, cx - 0.04 * w, cy + 0.085 * h, cx, cy + 0.09 * h);
        nose.curveTo(cx + 0.025 * w, cy + 0.092 * h, cx + 0.035 * w, cy + 0.08 * h, cx + 0.03 * w, cy + 0.07 * h);
        g.setColor(p.skinShade());
        g.setStroke(new BasicStroke((float) (0.01 * w), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(nose);
    }

    private static void drawMouth(Graphics2D g, double w, double h, double cx, double cy, Pose pose, Palette p) {
        double open = Math.max(0, Math.min(1, pose.mouthOpen()));
        double my = cy + 0.175 * h;
        double mw = 0.13 * w - 0.02 * w * open;
        double mh = 0.012 * h + 0.09 * h * open;
        if (open < 0.05) {
            g.setColor(p.lips());
            g.setStroke(new BasicStroke((float) (0.014 * w), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(cx - mw, my - 0.05 * h, 2 * mw, 0.07 * h, 200, 140, Arc2D.OPEN));
            return;
        }
        Ellipse2D mouth = new Ellipse2D.Double(cx - mw, my - mh * 0.45, 2 * mw, mh);
        g.setColor(new Color(0x4A1420));
        g.fill(mouth);
        var clip = g.getClip();
        g.clip(mouth);
        g.setColor(new Color(0xF4F0E8));
        g.fill(new Ellipse2D.Double(cx - mw * 0.8, my - mh * 0.45 - mh * 0.15, 1.6 * mw, mh * 0.35));
        g.setColor(new Color(0xD06070));
        g.fill(new Ellipse2D.Double(cx - mw * 0.55, my + mh * 0.15, 1.1 * mw, mh * 0.5));
        g.setClip(clip);
        g.setColor(p.lips());
        g.setStroke(new BasicStroke((float) (0.014 * w), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(mouth);
    }
}
