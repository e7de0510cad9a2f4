package org.daganstream.cli.progress;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.daganstream.cli.job.JobView;

/**
 * Shows a job's progress while it runs: frames done/total, frames per second and ETA. {@link #update} may be
 * called as often as wanted (each implementation throttles itself); {@link #note} prints a message without
 * garbling the display.
 */
public abstract class ProgressDisplay implements AutoCloseable {

    private static final long WINDOW = TimeUnit.SECONDS.toNanos(10);

    protected final PrintWriter out;
    protected final LongSupplier nanos;
    private final RateMeter rate = new RateMeter(WINDOW);

    protected ProgressDisplay(PrintWriter out, LongSupplier nanos) {
        this.out = out;
        this.nanos = nanos;
    }

    /** The display for {@code mode} (AUTO resolved by the caller or here from the console). */
    public static ProgressDisplay create(ProgressMode mode, PrintWriter out, LongSupplier nanos) {
        ProgressMode resolved = mode.resolve(System.console() != null, System.getenv("TERM"));
        return switch (resolved) {
            case BAR -> new TerminalProgressBar(out, nanos, terminalWidth());
            case PLAIN -> new PlainProgress(out, nanos);
            default -> new SilentProgress(out, nanos);
        };
    }

    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
            return Math.max(40, columns);
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Takes in the view's current state and redraws when due. */
    public final void update(JobView view) {
        long now = nanos.getAsLong();
        rate.record(now, view.framesDone());
        show(view, snapshot(view), now);
    }

    protected ProgressFormat.Snapshot snapshot(JobView view) {
        String state = view.state() == null ? "WAITING" : view.state().name();
        int done = view.framesDone();
        int total = view.frameCount();
        return new ProgressFormat.Snapshot(state, done, total, rate.perSecond(), rate.secondsLeft(done, total));
    }

    protected abstract void show(JobView view, ProgressFormat.Snapshot snapshot, long now);

    /** Prints a message line (a dead-lettered frame, a stall) above or between progress output. */
    public abstract void note(String line);

    /** Leaves the display in a clean state (the cursor on a fresh line). */
    @Override
    public abstract void close();
}
