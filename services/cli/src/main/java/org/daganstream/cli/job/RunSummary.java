package org.daganstream.cli.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daganstream.avro.Reenactment;

/** The few lines printed after a successful run: what was written, how long it took, where the time went. */
public final class RunSummary {

    private static final List<String> PIPELINE_ORDER = List.of("ingest", "depth", "keypoints", "keypoint", "motion",
            "generator", "assembler");

    private RunSummary() {
    }

    /**
     * @param output          the video written (null when none)
     * @param outputBytes     its size
     * @param framesDir       the PNG folder written (null when none)
     * @param startupMillis   time to start the pipeline (0 when not started by this command)
     * @param jobMillis       time from submission to the result
     */
    public static List<String> lines(Reenactment result, JobView view, String output, long outputBytes,
                                     String framesDir, long startupMillis, long jobMillis) {
        List<String> lines = new ArrayList<>();
        int frames = result.getFrameCount();
        if (output != null) {
            lines.add(String.format(Locale.ROOT, "wrote %s (%s): %d frames at %.2f fps, %s", output, size(outputBytes),
                    frames, result.getFps(), result.getHasAudio() ? "audio from the driving video" : "no audio"));
        }
        if (framesDir != null) {
            lines.add("wrote " + frames + " PNG frames to " + framesDir);
        }
        double perSecond = jobMillis > 0 ? frames * 1000.0 / jobMillis : 0;
        lines.add(String.format(Locale.ROOT, "time: %s for the job (%.2f frames/s)%s", seconds(jobMillis), perSecond,
                startupMillis > 0 ? ", after " + seconds(startupMillis) + " to start the pipeline" : ""));
        List<StageTimes.Stat> stats = view.stageTimes().stats();
        if (!stats.isEmpty()) {
            lines.add("per frame in each stage (mean / max, including the wait for the stage):");
            for (StageTimes.Stat s : stats) {
                lines.add(String.format(Locale.ROOT, "  %-12s %8s %8s", s.stage(), millis(s.meanMillis()),
                        millis(s.maxMillis())));
            }
        }
        Map<String, Long> spans = result.getStageTimings();
        if (spans != null && !spans.isEmpty()) {
            List<String> parts = new ArrayList<>();
            spans.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, Long> e) -> pipelineRank(e.getKey()))
                            .thenComparing(Map.Entry::getKey))
                    .forEach(e -> parts.add(e.getKey() + " " + seconds(e.getValue())));
            lines.add("stage spans (first frame in to last frame out): " + String.join(", ", parts));
        }
        return lines;
    }

    /** Known stages in pipeline order, unknown ones after them, the job's total last. */
    private static int pipelineRank(String stage) {
        int i = PIPELINE_ORDER.indexOf(stage);
        return i >= 0 ? i : stage.equals("total") ? Integer.MAX_VALUE : PIPELINE_ORDER.size();
    }

    static String millis(double ms) {
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
