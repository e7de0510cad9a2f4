package org.daganstream.cli.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

import org.daganstream.cli.job.JobView;

/** {@code --progress none}: only notes (problems) are printed. */
final class SilentProgress extends ProgressDisplay {

    SilentProgress(PrintWriter out, LongSupplier nanos) {
        super(out, nanos);
    }

    @Override
    protected void show(JobView view, ProgressFormat.Snapshot snapshot, long now) {
        // nothing
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
