package org.daganstream.loadtest.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daganstream.loadtest.stats.Percentiles;

/**
 * Per-frame time in each stage from the {@code stageTimestamps} every stage stamps when it finishes a frame: a
 * frame's time in a stage is its stamp minus the previous stamp, so it includes the wait in the stage's input
 * topic and queue. Stages are ordered by where they usually appear in a frame's history. The job-level
 * {@value #ASSEMBLY} entry is the time from a job's last generated frame to its published result (tracking, the
 * wait for the last frame's record, muxing and upload).
 */
public final class StageLatencies {

    public static final String ASSEMBLY = "assembly (last frame -> result)";

    private StageLatencies() {
    }

    public static Map<String, Percentiles> of(List<JobRecord> jobs) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, double[]> rank = new LinkedHashMap<>();
        for (JobRecord job : jobs) {
            for (Map<String, Long> stamps : job.frameTimestamps()) {
                List<Map.Entry<String, Long>> ordered = new ArrayList<>(stamps.entrySet());
                ordered.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
                for (int i = 1; i < ordered.size(); i++) {
                    String stage = ordered.get(i).getKey();
                    values.computeIfAbsent(stage, s -> new ArrayList<>())
                            .add((double) Math.max(0, ordered.get(i).getValue() - ordered.get(i - 1).getValue()));
                    double[] r = rank.computeIfAbsent(stage, s -> new double[2]);
                    r[0] += i;
                    r[1]++;
                }
            }
        }
        Map<String, Percentiles> out = new LinkedHashMap<>();
        values.keySet().stream()
                .sorted(Comparator.comparingDouble(s -> rank.get(s)[0] / rank.get(s)[1]))
                .forEach(s -> out.put(s, Percentiles.of(values.get(s))));
        List<Double> assembly = new ArrayList<>();
        for (JobRecord job : jobs) {
            if (job.succeeded() && job.lastFrameAt() != Long.MIN_VALUE) {
                assembly.add((double) Math.max(0, job.finishedAt() - job.lastFrameAt()));
            }
        }
        if (!assembly.isEmpty()) {
            out.put(ASSEMBLY, Percentiles.of(assembly));
        }
        return out;
    }
}
