package org.daganstream.assembler.mux;

/**
 * Geometry of one output frame: the generated frame alone, or three panels side by side (source | driving | result)
 * of the model's image size each.
 */
public record FrameLayout(int panelWidth, int panelHeight, boolean sideBySide) {

    public static final int SIDE_BY_SIDE_PANELS = 3;

    public FrameLayout {
        if (panelWidth < 1 || panelHeight < 1) {
            throw new IllegalArgumentException("frame size " + panelWidth + "x" + panelHeight + " is not usable");
        }
    }

    public int panels() {
        return sideBySide ? SIDE_BY_SIDE_PANELS : 1;
    }

    public int width() {
        return panelWidth * panels();
    }

    public int height() {
        return panelHeight;
    }

    /** Bytes per row of interleaved RGB. */
    public int rowBytes() {
        return width() * 3;
    }

    public int rgbBytes() {
        return rowBytes() * height();
    }

    /** Column where panel {@code i} starts. */
    public int panelX(int i) {
        return i * panelWidth;
    }
}
