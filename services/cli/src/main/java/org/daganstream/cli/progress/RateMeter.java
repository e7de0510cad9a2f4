package org.daganstream.cli.progress;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Frames per second over a sliding window (the changes seen in the last {@code windowNanos}), so the rate and ETA
 * follow the pipeline's current speed rather than its slow start (models loading, the first frame).
 */
public final class RateMeter {

    private record Sample(long nanos, int done) {
    }

    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RateMeter(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Records that {@code done} units were complete at {@code nanos}. */
    public void record(long nanos, int done) {
        Sample last = samples.peekLast();
        if (last != null && last.done == done) {
            return; // the rate is measured between changes
        }
        samples.addLast(new Sample(nanos, done));
        // Keep the window plus the one sample before it (the base when only one change is in the window).
        while (samples.size() > 2 && nanos - second().nanos > windowNanos) {
            samples.removeFirst();
        }
    }

    private Sample second() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }

    /** Units per second, or 0 before two distinct counts were seen. */
    public double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample last = samples.peekLast();
        Sample first = samples.peekFirst();
        if (last.nanos - first.nanos > windowNanos) {
            // The oldest sample lies before the window: measure within the window when it holds two changes.
            Sample inWindow = second();
            if (inWindow != last) {
                first = inWindow;
            }
        }
        long dt = last.nanos - first.nanos;
        return dt <= 0 ? 0 : (last.done - first.done) * 1e9 / dt;
    }

    /** Seconds until {@code total} at the current rate, or -1 when unknown. */
    public double secondsLeft(int done, int total) {
        double rate = perSecond();
        if (rate <= 0 || total <= 0) {
            return -1;
        }
        return Math.max(0, total - done) / rate;
    }
}
