package org.daganstream.loadtest.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one model stage did during a run, summed over its instances, from the difference of two scrapes of the
 * workers' meters ({@code dagan_worker_*}, see the worker runtime's {@code WorkerMetrics}).
 *
 * @param stage            stage name as the workers tag it (depth, keypoints, generator)
 * @param instances        endpoints that reported the stage
 * @param framesPublished  frames finished and handed on
 * @param framesDeadLettered frames given up on
 * @param batches          inference batches run
 * @param batchFrames      frames in those batches
 * @param inferenceSeconds model time, summed over batches (and over instances running at once)
 * @param queueWaits       frames measured waiting for their batch
 * @param queueWaitSeconds total of those waits
 * @param framesByInstance frames published by each instance (endpoint name -> frames), to see how work was shared
 */
public record StageMetrics(String stage, int instances, double framesPublished, double framesDeadLettered,
                           double batches, double batchFrames, double inferenceSeconds, double queueWaits,
                           double queueWaitSeconds, Map<String, Double> framesByInstance) {

    static final String FRAMES = "dagan_worker_frames_total";
    static final String INFERENCE = "dagan_worker_inference_seconds";
    static final String QUEUE_WAIT = "dagan_worker_queue_wait_seconds";
    static final String BATCH_SIZE = "dagan_worker_batch_size";

    public double meanBatchSize() {
        return batches > 0 ? batchFrames / batches : Double.NaN;
    }

    /** Model time per frame (per batch time divided by its frames). */
    public double inferenceMillisPerFrame() {
        return batchFrames > 0 ? inferenceSeconds * 1000 / batchFrames : Double.NaN;
    }

    public double inferenceMillisPerBatch() {
        return batches > 0 ? inferenceSeconds * 1000 / batches : Double.NaN;
    }

    public double meanQueueWaitMillis() {
        return queueWaits > 0 ? queueWaitSeconds * 1000 / queueWaits : Double.NaN;
    }

    /** Per stage, the change between {@code before} and {@code after} (stages in order of first appearance). */
    public static List<StageMetrics> between(MetricsScraper.Snapshot before, MetricsScraper.Snapshot after) {
        Map<String, double[]> totals = new LinkedHashMap<>();
        Map<String, Set<MetricsEndpoint>> reporters = new LinkedHashMap<>();
        Map<String, Map<String, Double>> byInstance = new LinkedHashMap<>();
        for (Map.Entry<MetricsEndpoint, PrometheusText> e : after.pages().entrySet()) {
            PrometheusText now = e.getValue();
            PrometheusText then = before.pages().get(e.getKey());
            for (String stage : stagesIn(now)) {
                double[] t = totals.computeIfAbsent(stage, s -> new double[8]);
                reporters.computeIfAbsent(stage, s -> new LinkedHashSet<>()).add(e.getKey());
                double published = delta(now, then, FRAMES, stage, "published");
                t[0] += published;
                byInstance.computeIfAbsent(stage, x -> new LinkedHashMap<>()).put(e.getKey().name(), published);
                t[1] += delta(now, then, FRAMES, stage, "dead_lettered");
                t[2] += delta(now, then, INFERENCE + "_count", stage, null);
                t[3] += delta(now, then, BATCH_SIZE + "_sum", stage, null);
                t[4] += delta(now, then, INFERENCE + "_sum", stage, null);
                t[5] += delta(now, then, QUEUE_WAIT + "_count", stage, null);
                t[6] += delta(now, then, QUEUE_WAIT + "_sum", stage, null);
            }
        }
        List<StageMetrics> out = new ArrayList<>();
        totals.forEach((stage, t) -> out.add(new StageMetrics(stage, reporters.get(stage).size(), t[0], t[1], t[2], t[3],
                t[4], t[5], t[6], Map.copyOf(byInstance.get(stage)))));
        return out;
    }

    private static Set<String> stagesIn(PrometheusText page) {
        Set<String> stages = new LinkedHashSet<>();
        for (PrometheusText.Sample s : page.named(INFERENCE + "_count")) {
            if (s.label("stage") != null) {
                stages.add(s.label("stage"));
            }
        }
        return stages;
    }

    private static double delta(PrometheusText now, PrometheusText then, String name, String stage, String outcome) {
        double a = value(now, name, stage, outcome);
        double b = then == null ? 0 : value(then, name, stage, outcome);
        return Math.max(0, a - b);
    }

    private static double value(PrometheusText page, String name, String stage, String outcome) {
        return page.sum(name, l -> stage.equals(l.get("stage")) && (outcome == null || outcome.equals(l.get("outcome"))));
    }

    /** Change of a counter summed over every endpoint (e.g. the assembler's mux time). */
    public static double counterDelta(MetricsScraper.Snapshot before, MetricsScraper.Snapshot after, String name) {
        double total = 0;
        for (Map.Entry<MetricsEndpoint, PrometheusText> e : after.pages().entrySet()) {
            PrometheusText then = before.pages().get(e.getKey());
            total += Math.max(0, e.getValue().sum(name) - (then == null ? 0 : then.sum(name)));
        }
        return total;
    }
}
