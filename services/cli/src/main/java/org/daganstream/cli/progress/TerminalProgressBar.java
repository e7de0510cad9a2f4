package org.daganstream.cli.progress;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.daganstream.cli.job.JobView;

/** A single line redrawn in place ({@code \r} + erase to end of line), at most ten times a second. */
final class TerminalProgressBar extends ProgressDisplay {

    private static final long MIN_REDRAW = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String ERASE_LINE = "\r\033[K";

    private final int width;
    private long lastDraw = Long.MIN_VALUE;
    private long lastVersion = -1;
    private String lastLine;

    TerminalProgressBar(PrintWriter out, LongSupplier nanos, int width) {
        super(out, nanos);
        this.width = width;
    }

    @Override
    protected void show(JobView view, ProgressFormat.Snapshot s, long now) {
        boolean changed = view.version() != lastVersion;
        if (!changed && now - lastDraw < TimeUnit.SECONDS.toNanos(1)) {
            return; // nothing new; refresh the rate/ETA once a second
        }
        if (changed && lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW) {
            return;
        }
        // Room for the text around the bar: about 45 characters.
        int barWidth = Math.max(10, Math.min(40, width - 48));
        String line = ProgressFormat.bar(s, barWidth);
        if (line.length() >= width) {
            line = line.substring(0, width - 1);
        }
        out.print(ERASE_LINE + line);
        out.flush();
        lastLine = line;
        lastDraw = now;
        lastVersion = view.version();
    }

    @Override
    public void note(String line) {
        out.print(ERASE_LINE + line + System.lineSeparator());
        if (lastLine != null) {
            out.print(lastLine);
        }
        out.flush();
    }

    @Override
    public void close() {
        if (lastLine != null) {
            out.println();
            out.flush();
            lastLine = null;
        }
    }
}
