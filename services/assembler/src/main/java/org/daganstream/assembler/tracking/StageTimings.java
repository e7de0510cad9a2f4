package org.daganstream.assembler.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long a job spent in each pipeline stage, built incrementally from the per-frame stage timestamps
 * ({@code FrameDescriptor.stageTimestamps}: stage name -> epoch millis when the stage finished that frame).
 *
 * <p>For one frame, a stage is entered when the stage before it (the next earlier timestamp of that frame) finished.
 * For the job, a stage's time is the wall-clock span from the first frame entering it to the last frame leaving it.
 * Stages overlap in a pipeline, so the spans do not add up to the job's total time; they answer "which stage held
 * this job the longest". The earliest stage of a frame (ingest) has no predecessor: its span runs from its first to
 * its last finished frame.
 */
public final class StageTimings {

    /** stage -> {first entered, last finished}. */
    private final Map<String, long[]> spans = new TreeMap<>();

    public void record(Map<String, Long> frameTimestamps) {
        if (frameTimestamps == null || frameTimestamps.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(frameTimestamps.entrySet());
        ordered.removeIf(e -> e.getKey() == null || e.getValue() == null);
        ordered.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        long previous = -1;
        for (Map.Entry<String, Long> e : ordered) {
            long finished = e.getValue();
            long entered = previous < 0 ? finished : previous;
            widen(e.getKey(), entered, finished);
            previous = finished;
        }
    }

    /** Merges one span directly (used by deserialisation and tests). */
    public void widen(String stage, long entered, long finished) {
        long[] span = spans.get(stage);
        if (span == null) {
            spans.put(stage, new long[] {entered, finished});
        } else {
            span[0] = Math.min(span[0], entered);
            span[1] = Math.max(span[1], finished);
        }
    }

    /** stage -> milliseconds from the first frame entering it to the last frame leaving it. */
    public Map<String, Long> durations() {
        Map<String, Long> out = new TreeMap<>();
        spans.forEach((stage, span) -> out.put(stage, Math.max(0, span[1] - span[0])));
        return out;
    }

    /** The earliest timestamp seen for the job (first frame entering its first stage), or -1 when none. */
    public long firstTimestamp() {
        return spans.values().stream().mapToLong(s -> s[0]).min().orElse(-1);
    }

    /** When {@code stage} last finished a frame of the job, or -1 when it finished none. */
    public long lastFinished(String stage) {
        long[] span = spans.get(stage);
        return span == null ? -1 : span[1];
    }

    Map<String, long[]> spans() {
        return spans;
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }
}
