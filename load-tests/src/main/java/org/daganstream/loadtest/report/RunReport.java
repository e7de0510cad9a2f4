package org.daganstream.loadtest.report;

import static org.daganstream.loadtest.report.Markdown.millis;
import static org.daganstream.loadtest.report.Markdown.number;
import static org.daganstream.loadtest.report.Markdown.percent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daganstream.loadtest.load.JobRecord;
import org.daganstream.loadtest.load.RunResult;
import org.daganstream.loadtest.load.StageLatencies;
import org.daganstream.loadtest.metrics.CpuSampler;
import org.daganstream.loadtest.metrics.InferenceSampler;
import org.daganstream.loadtest.metrics.StageMetrics;
import org.daganstream.loadtest.stats.Percentiles;
import org.daganstream.loadtest.stats.TimeSeries;

/** Writes one load run as {@code report.md} with its charts next to it. */
public final class RunReport {

    public static final String FILE = "report.md";
    public static final String LATENCY_CHART = "latency-histogram.png";
    public static final String FIRST_FRAME_CHART = "first-frame-histogram.png";
    public static final String THROUGHPUT_CHART = "throughput.png";
    public static final String LAG_CHART = "consumer-lag.png";
    public static final String MEMORY_CHART = "memory.png";
    public static final String CPU_CHART = "cpu.png";

    /** Section headings, in order (the smoke test checks them). */
    public static final List<String> SECTIONS = List.of("Setup", "Summary", "Throughput", "Latency",
            "Time per stage", "Where the wall time goes", "Consumer lag", "Memory", "Failures");

    private RunReport() {
    }

    public static Path write(Path dir, RunResult r) throws IOException {
        Markdown md = new Markdown();
        md.heading(1, r.title());
        setup(md, r);
        summary(md, r);
        throughput(md, dir, r);
        latency(md, dir, r);
        stages(md, r);
        wallTime(md, dir, r);
        lag(md, dir, r);
        memory(md, dir, r);
        failures(md, r);
        return md.write(dir.resolve(FILE));
    }

    private static void setup(Markdown md, RunResult r) {
        md.heading(2, "Setup");
        List<String> items = new ArrayList<>();
        items.add("system: " + r.target());
        if (r.startupMillis() > 0) {
            items.add("system start-up (not measured below): " + millis(r.startupMillis()));
        }
        items.add("load: " + r.plan().jobs() + " job(s), " + (r.plan().ratePerSecond() == 0 ? "submitted at once"
                : number(r.plan().ratePerSecond(), 2) + " submission(s)/s") + ", time limit " + r.plan().maxDuration());
        items.add("each job: synthetic " + r.clip().size() + "x" + r.clip().size() + " driving clip of " + r.clip().frames()
                + " frames at " + number(r.clip().fps(), 0) + " fps" + (r.clip().audio() ? " with audio" : "")
                + ", " + r.plan().motion().describe());
        items.add("machine: " + CpuSampler.availableProcessors() + " CPU(s) visible to the JVM, max heap "
                + number(r.maxHeapMib(), 0) + " MiB, Java " + System.getProperty("java.version"));
        md.bullets(items);
    }

    private static void summary(Markdown md, RunResult r) {
        md.heading(2, "Summary");
        List<JobRecord> ok = r.succeeded();
        Percentiles latency = Percentiles.of(ok.stream().map(j -> (double) j.latencyMillis()).toList());
        Percentiles first = Percentiles.of(r.jobs().stream().filter(j -> j.timeToFirstFrameMillis() >= 0)
                .map(j -> (double) j.timeToFirstFrameMillis()).toList());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("jobs succeeded / submitted", ok.size() + " / " + r.jobs().size()
                + (r.completedInTime() ? "" : " (time limit reached)")));
        rows.add(List.of("frames generated (succeeded jobs)", Long.toString(r.framesDone())));
        rows.add(List.of("wall time (first submission -> last result)", millis(r.wallSeconds() * 1000)));
        rows.add(List.of("throughput", number(r.framesPerSecond(), 3) + " frames/s"));
        rows.add(List.of("end-to-end latency per job p50 / p95 / p99", triple(latency)));
        rows.add(List.of("time to first frame p50 / p95 / p99", triple(first)));
        rows.add(List.of("peak memory", "RSS " + number(r.peakSampledRssMib(), 0) + " MiB (this JVM" + (r.inProcess()
                ? ", i.e. the whole embedded system)" : ", the load generator only)") + ", JVM heap "
                + number(max(r.memory(), "JVM heap used"), 0) + " MiB"));
        md.table(List.of("what", "value"), rows);
        md.paragraph("Throughput counts the frames of succeeded jobs over the wall time from the first submission to"
                + " the last result. Latency runs from a job's submission (after its inputs were uploaded) to its"
                + " published result; time to first frame to the first generated frame of the job.");
    }

    private static void throughput(Markdown md, Path dir, RunResult r) {
        md.heading(2, "Throughput");
        List<Double> ready = new ArrayList<>();
        for (JobRecord j : r.jobs()) {
            for (Map<String, Long> stamps : j.frameTimestamps()) {
                stamps.values().stream().mapToLong(Long::longValue).max()
                        .ifPresent(t -> ready.add(r.seconds(t)));
            }
        }
        double span = ready.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        // Wide enough buckets that batches finishing together do not turn the line into spikes.
        double bucket = Math.max(1, Math.ceil(span / 25));
        TimeSeries frames = TimeSeries.rate("generated frames/s (" + number(bucket, 0) + " s buckets)", ready, bucket);
        TimeSeries submitted = TimeSeries.rate("submitted jobs/s", r.jobs().stream().filter(j -> j.submittedAt() >= 0)
                .map(j -> r.seconds(j.submittedAt())).toList(), bucket);
        Charts.lines(dir.resolve(THROUGHPUT_CHART), "Throughput over time", "per second", List.of(frames, submitted));
        md.image("throughput over time", THROUGHPUT_CHART);
    }

    private static void latency(Markdown md, Path dir, RunResult r) {
        md.heading(2, "Latency");
        double[] latency = r.succeeded().stream().mapToDouble(j -> j.latencyMillis() / 1000.0).toArray();
        double[] first = r.jobs().stream().filter(j -> j.timeToFirstFrameMillis() >= 0)
                .mapToDouble(j -> j.timeToFirstFrameMillis() / 1000.0).toArray();
        Charts.histogram(dir.resolve(LATENCY_CHART), "End-to-end latency per job", "seconds", latency,
                markers(Percentiles.of(latency)), 0);
        Charts.histogram(dir.resolve(FIRST_FRAME_CHART), "Time to first generated frame", "seconds", first,
                markers(Percentiles.of(first)), 0);
        md.image("end-to-end latency histogram", LATENCY_CHART);
        md.image("time to first frame histogram", FIRST_FRAME_CHART);
        if (r.jobs().size() <= 50) {
            List<List<String>> rows = new ArrayList<>();
            for (JobRecord j : r.jobs()) {
                rows.add(List.of(j.jobId(), j.succeeded() ? "ok" : "failed", j.framesGenerated() + "/" + j.frameCount(),
                        millis(j.uploadMillis()), j.timeToFirstFrameMillis() < 0 ? "n/a" : millis(j.timeToFirstFrameMillis()),
                        j.latencyMillis() < 0 ? "n/a" : millis(j.latencyMillis())));
            }
            md.table(List.of("job", "outcome", "frames", "upload", "first frame", "end to end"), rows);
        }
    }

    private static void stages(Markdown md, RunResult r) {
        md.heading(2, "Time per stage");
        Map<String, Percentiles> perStage = StageLatencies.of(r.jobs());
        List<List<String>> rows = new ArrayList<>();
        perStage.forEach((stage, p) -> rows.add(List.of(stage, Integer.toString(p.count()), millis(p.p50()),
                millis(p.p95()), millis(p.p99()), millis(p.max()))));
        md.paragraph("From the frame descriptors' stage timestamps: a frame's time in a stage is the stage's stamp"
                + " minus the previous stage's, so it includes the wait in the stage's input topic and queue.");
        md.table(List.of("stage", "frames", "p50", "p95", "p99", "max"), rows);

        md.paragraph("From the model stages' metrics (difference of two scrapes of `/metrics` around the run,"
                + " summed over instances). Busy share = inference seconds / wall time; with several instances or"
                + " overlapping stages it can exceed 100%.");
        List<List<String>> metricRows = new ArrayList<>();
        double wall = r.wallSeconds();
        for (StageMetrics s : r.stages()) {
            metricRows.add(List.of(s.stage(), Integer.toString(s.instances()), frames(s),
                    number(s.meanBatchSize(), 2), millis(s.inferenceMillisPerBatch()), millis(s.inferenceMillisPerFrame()),
                    millis(s.meanQueueWaitMillis()), percent(wall > 0 ? s.inferenceSeconds() / wall : Double.NaN)));
        }
        if (r.muxCount() > 0) {
            metricRows.add(List.of("assembler (mux)", "", number(r.muxCount(), 0) + " jobs", "",
                    millis(r.muxSeconds() * 1000 / r.muxCount()) + " per job", "", "",
                    percent(wall > 0 ? r.muxSeconds() / wall : Double.NaN)));
        }
        md.table(List.of("stage", "instances", "frames", "mean batch", "inference / batch", "inference / frame",
                "queue wait", "busy share"), metricRows);
        if (!r.scrapeErrors().isEmpty()) {
            md.paragraph("Endpoints that could not be scraped:");
            md.bullets(r.scrapeErrors());
        }
    }

    private static void wallTime(Markdown md, Path dir, RunResult r) {
        md.heading(2, "Where the wall time goes");
        InferenceSampler.Profile p = r.inference();
        if (p == null) {
            md.paragraph("Not sampled: the stages do not run in this JVM. See the busy shares above.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("wall time with no stage inside ONNX Runtime", percent(p.outsideInference())));
        rows.add(List.of("wall time with two or more inference calls at once", percent(p.overlap())));
        p.stageBusy().forEach((stage, share) -> rows.add(List.of("wall time with " + stage + " inside ONNX Runtime",
                percent(share))));
        double wall = r.wallSeconds();
        rows.add(List.of("process CPU (average cores busy)", number(wall > 0 ? r.cpuSeconds() / wall : Double.NaN, 2)
                + " of " + CpuSampler.availableProcessors()));
        md.table(List.of("share of the run's wall time (" + p.samples() + " samples, every 10 ms)", "value"), rows);
        md.paragraph("Sampled in this JVM: every 10 ms the model stages' inference threads are checked for an"
                + " `ai.onnxruntime.OrtSession` frame on top of their stack. Wall time with no stage inside ONNX"
                + " Runtime is what the pipeline spends on everything else (Kafka, S3, serialisation, decoding,"
                + " muxing, waiting) or idle.");
        if (!r.cpu().isEmpty()) {
            Charts.lines(dir.resolve(CPU_CHART), "Process CPU", "cores busy", List.of(r.cpu()));
            md.image("process CPU over time", CPU_CHART);
        }
        if (r.recording() != null) {
            md.paragraph("JFR recording of the run: `" + dir.relativize(r.recording().toAbsolutePath()) + "` (open with"
                    + " JDK Mission Control or `jfr print --events jdk.ExecutionSample`).");
        }
    }

    private static void lag(Markdown md, Path dir, RunResult r) {
        md.heading(2, "Consumer lag");
        Charts.lines(dir.resolve(LAG_CHART), "Consumer lag per group", "records behind", r.lag());
        md.image("consumer lag over time", LAG_CHART);
        List<List<String>> rows = new ArrayList<>();
        for (TimeSeries s : r.lag()) {
            rows.add(List.of(s.name(), number(s.max(), 0), number(s.last(), 0)));
        }
        md.table(List.of("consumer group", "max lag", "lag at the end"), rows);
        md.paragraph("Lag = last stable offset - committed offset, summed over the group's partitions. Topics written"
                + " transactionally (by ingest and the Kafka Streams stages) end each transaction with a commit marker"
                + " that is not a record: a fully consumed partition can show a lag of 1 there.");
    }

    private static void memory(Markdown md, Path dir, RunResult r) {
        md.heading(2, "Memory");
        Charts.lines(dir.resolve(MEMORY_CHART), "Memory of this JVM", "MiB", r.memory());
        md.image("memory over time", MEMORY_CHART);
        List<List<String>> rows = new ArrayList<>();
        for (TimeSeries s : r.memory()) {
            rows.add(List.of(s.name(), number(s.max(), 0), number(s.last(), 0)));
        }
        rows.add(List.of("RSS high-water mark (VmHWM, whole JVM lifetime)", number(r.peakRssMib(), 0), ""));
        md.table(List.of("MiB", "peak", "at the end"), rows);
        if (!r.inProcess()) {
            md.paragraph("The system runs in other processes: these figures are the load generator's own.");
        }
    }

    private static void failures(Markdown md, RunResult r) {
        md.heading(2, "Failures");
        List<String> failed = new ArrayList<>();
        for (JobRecord j : r.jobs()) {
            if (!j.succeeded()) {
                failed.add(j.jobId() + ": " + j.failure());
            }
        }
        if (failed.isEmpty()) {
            md.paragraph("None: every job succeeded.");
        } else {
            md.bullets(failed.size() > 20 ? failed.subList(0, 20) : failed);
            if (failed.size() > 20) {
                md.paragraph("... and " + (failed.size() - 20) + " more.");
            }
        }
    }

    /** "5" for one instance, "5 (3 + 2)" when several shared the work. */
    static String frames(StageMetrics s) {
        String total = number(s.framesPublished(), 0);
        if (s.framesByInstance().size() < 2) {
            return total;
        }
        return total + " (" + s.framesByInstance().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> number(e.getValue(), 0)).reduce((a, b) -> a + " + " + b).orElse("") + ")";
    }

    static String triple(Percentiles p) {
        return p.isEmpty() ? "n/a" : millis(p.p50()) + " / " + millis(p.p95()) + " / " + millis(p.p99());
    }

    private static Map<String, Double> markers(Percentiles p) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (!p.isEmpty()) {
            m.put("p50", p.p50());
            m.put("p95", p.p95());
            m.put("p99", p.p99());
        }
        return m;
    }

    static double max(List<TimeSeries> series, String name) {
        return series.stream().filter(s -> s.name().equals(name)).mapToDouble(TimeSeries::max).findFirst()
                .orElse(Double.NaN);
    }
}
