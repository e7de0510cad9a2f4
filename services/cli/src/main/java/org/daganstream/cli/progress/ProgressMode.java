package org.daganstream.cli.progress;

/** How progress is shown: a redrawn bar on a terminal, plain lines otherwise (logs, pipes, CI). */
public enum ProgressMode {
    /** A bar when stdout is a terminal, else plain lines. */
    AUTO,
    BAR,
    PLAIN,
    NONE;

    /** Resolves {@link #AUTO}: a bar only on an interactive terminal that can redraw a line. */
    public ProgressMode resolve(boolean interactive, String term) {
        if (this != AUTO) {
            return this;
        }
        return interactive && !"dumb".equals(term) ? BAR : PLAIN;
    }
}
