package org.daganstream.cli.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-frame time spent in each stage, from the {@code stageTimestamps} every stage stamps on a descriptor (stage
 * name -&gt; epoch millis when it finished the frame). A frame's time in a stage is its stamp minus the previous
 * stage's stamp, so it includes the wait in the stage's input topic. Stage names are taken as the stages wrote
 * them; the order is the order they happened in.
 */
public final class StageTimes {

    /** Mean and worst time of one stage over the frames seen. */
    public record Stat(String stage, int frames, double meanMillis, long maxMillis) {
    }

    private static final class Acc {
        long sum;
        long max;
        int count;
        double rank;
    }

    private final Map<String, Acc> stages = new LinkedHashMap<>();

    /** Adds one finished frame's timestamps. */
    public void record(Map<String, Long> timestamps) {
        if (timestamps == null || timestamps.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(timestamps.entrySet());
        ordered.removeIf(e -> e.getKey() == null || e.getValue() == null);
        ordered.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        for (int i = 1; i < ordered.size(); i++) {
            Map.Entry<String, Long> e = ordered.get(i);
            long took = Math.max(0, e.getValue() - ordered.get(i - 1).getValue());
            Acc acc = stages.computeIfAbsent(e.getKey(), k -> new Acc());
            acc.sum += took;
            acc.max = Math.max(acc.max, took);
            acc.count++;
            acc.rank += i;
        }
    }

    /** One line per stage, in pipeline order (by where the stage usually appears in a frame's history). */
    public List<Stat> stats() {
        return stages.entrySet().stream()
                .sorted(Comparator.comparingDouble(e -> e.getValue().rank / e.getValue().count))
                .map(e -> new Stat(e.getKey(), e.getValue().count, e.getValue().sum / (double) e.getValue().count,
                        e.getValue().max))
                .toList();
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }
}
