package org.daganstream.loadtest.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One run of the PyTorch reference runner, from its {@code --timing-json}.
 *
 * @param frames         frames animated
 * @param threads        torch intra-op threads
 * @param loopSeconds    the per-frame loop (sum of every frame's {@code total_ms})
 * @param setupSeconds   the per-job setup inside the animation (source depth and keypoints, anchor keypoints)
 * @param weightsSeconds building/loading the weights (not counted: the pipeline loads its models at start-up too)
 * @param processSeconds the child process's whole wall time
 * @param medianMillis   median per-frame milliseconds of depth, keypoints, normalize, generator and total
 */
public record ReferenceResult(int frames, int threads, double loopSeconds, double setupSeconds, double weightsSeconds,
                              double processSeconds, Map<String, Double> medianMillis) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Frames per second of the job: its frames over the animation's setup plus loop. */
    public double framesPerSecond() {
        double seconds = loopSeconds + setupSeconds;
        return seconds > 0 ? frames / seconds : Double.NaN;
    }

    /** Reads the runner's timing report. */
    public static ReferenceResult parse(Path timingJson, double processSeconds) throws IOException {
        JsonNode root = JSON.readTree(timingJson.toFile());
        JsonNode perFrame = root.path("per_frame");
        if (!perFrame.isArray() || perFrame.isEmpty()) {
            throw new IOException(timingJson + " has no per_frame timings");
        }
        double loopMs = 0;
        for (JsonNode frame : perFrame) {
            JsonNode total = frame.get("total_ms");
            if (total == null || !total.isNumber()) {
                throw new IOException(timingJson + ": a per_frame entry has no numeric total_ms");
            }
            loopMs += total.asDouble();
        }
        double setupMs = 0;
        for (JsonNode v : root.path("setup_ms")) {
            setupMs += v.asDouble();
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        root.path("summary").properties().forEach(e -> {
            if (e.getKey().startsWith("median_")) {
                medians.put(e.getKey().substring("median_".length()), e.getValue().asDouble());
            }
        });
        int frames = root.path("frames").asInt(perFrame.size());
        return new ReferenceResult(frames, root.path("threads").asInt(0), loopMs / 1000, setupMs / 1000,
                root.path("weights_load_ms").asDouble(Double.NaN) / 1000, processSeconds, medians);
    }
}
