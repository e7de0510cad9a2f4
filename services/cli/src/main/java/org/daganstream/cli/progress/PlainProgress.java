package org.daganstream.cli.progress;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.daganstream.cli.job.JobView;

/**
 * Plain lines for logs and pipes: one when the state changes, then whenever another tenth of the frames is done
 * (at most every 2 s) or, while frames keep coming, every 10 s.
 */
final class PlainProgress extends ProgressDisplay {

    private static final long MIN_GAP = TimeUnit.SECONDS.toNanos(2);
    private static final long HEARTBEAT = TimeUnit.SECONDS.toNanos(10);

    private String lastState;
    private int lastDone = -1;
    private long lastPrint = Long.MIN_VALUE;

    PlainProgress(PrintWriter out, LongSupplier nanos) {
        super(out, nanos);
    }

    @Override
    protected void show(JobView view, ProgressFormat.Snapshot s, long now) {
        boolean stateChanged = !Objects.equals(s.state(), lastState);
        boolean finished = s.total() > 0 && s.done() == s.total() && s.done() != lastDone;
        int step = Math.max(1, s.total() / 10);
        boolean stepDone = s.done() - Math.max(0, lastDone) >= step && now - lastPrint >= MIN_GAP;
        boolean heartbeat = s.done() != lastDone && now - lastPrint >= HEARTBEAT;
        if (stateChanged || finished || stepDone || heartbeat) {
            out.println(ProgressFormat.line(view.jobId(), s));
            out.flush();
            lastState = s.state();
            lastDone = s.done();
            lastPrint = now;
        }
    }

    @Override
    public void note(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
