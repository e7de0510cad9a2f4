package org.daganstream.loadtest.report;

import static org.daganstream.loadtest.report.Markdown.millis;
import static org.daganstream.loadtest.report.Markdown.number;
import static org.daganstream.loadtest.report.Markdown.percent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.daganstream.loadtest.bench.BenchResult;
import org.daganstream.loadtest.bench.MemoryVerdict;
import org.daganstream.loadtest.load.RunResult;

/** The memory soak's part of the bench report: the memory chart, the fitted growth, the verdict. */
final class SoakSection {

    private SoakSection() {
    }

    static void write(Markdown md, BenchResult r) {
        RunResult run = r.soak();
        MemoryVerdict v = MemoryVerdict.of(run);
        md.heading(2, "Memory soak");
        md.paragraph("One job of " + r.clip().frames() + " frames through the embedded system ("
                + r.settings().soakInstances() + " instance(s) per model stage); this JVM's memory sampled every 500 ms"
                + " (in embedded mode this JVM is the whole system). Full run report: [soak](" + BenchReport.link(r, r.soakDir())
                + "/" + RunReport.FILE + ").");
        md.image("memory over time", BenchReport.link(r, r.soakDir()) + "/" + RunReport.MEMORY_CHART);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("job", run.succeeded().isEmpty() ? "did not succeed: " + run.jobs().get(0).failure()
                : run.framesDone() + " frames in " + millis(run.wallSeconds() * 1000) + " ("
                + number(run.framesPerSecond(), 3) + " frames/s)"));
        rows.add(List.of("steady part fitted", number(v.steadyFrom(), 0) + " s .. " + number(v.steadyTo(), 0) + " s ("
                + v.points() + " RSS samples)"));
        rows.add(List.of("mean RSS", number(v.meanMib(), 0) + " MiB"));
        rows.add(List.of("fitted RSS growth over the steady part", number(v.growthMib(), 1) + " MiB ("
                + number(v.slopeMibPerMin(), 2) + " MiB/min)"));
        rows.add(List.of("fitted JVM heap growth over the steady part", number(v.heapGrowthMib(), 1) + " MiB"));
        rows.add(List.of("peak RSS sample / VmHWM", number(v.peakMib(), 0) + " / " + number(run.peakRssMib(), 0) + " MiB"));
        md.table(List.of("what", "value"), rows);
        md.heading(2, "Targets");
        md.table(List.of("target", "measured", "met"), List.of(List.of("flat memory over a " + r.clip().frames()
                + "-frame job (RSS growth <= " + percent(MemoryVerdict.FLAT_TOLERANCE) + " of its mean over the steady part)",
                number(v.growthMib(), 1) + " MiB = " + percent(v.meanMib() > 0 ? v.growthMib() / v.meanMib() : Double.NaN),
                BenchReport.verdict(v.flat()))));
        md.heading(2, "What limits it");
        if (v.flat()) {
            md.paragraph("Memory stayed flat: nothing to report.");
        } else {
            md.paragraph(String.format(Locale.ROOT, "RSS grew by %.1f MiB (%.2f MiB/min) over the steady part, more than"
                    + " %.0f%% of its mean; the JVM heap's fitted growth over the same part was %.1f MiB, so %s.",
                    v.growthMib(), v.slopeMibPerMin(), MemoryVerdict.FLAT_TOLERANCE * 100, v.heapGrowthMib(),
                    v.heapGrowthMib() > 0.5 * v.growthMib() ? "most of it is on the Java heap (look at a heap"
                            + " histogram: jcmd <pid> GC.class_histogram)" : "most of it is native memory (ONNX Runtime"
                            + " arenas, FFmpeg, direct buffers: compare the direct-buffer series)"));
        }
    }
}
