package org.daganstream.loadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    static final String PAGE = """
            # HELP dagan_worker_inference_seconds Model time per batch
            # TYPE dagan_worker_inference_seconds histogram
            dagan_worker_inference_seconds_bucket{instance="a",service="depth-worker",stage="depth",le="+Inf"} 4
            dagan_worker_inference_seconds_count{instance="a",service="depth-worker",stage="depth"} 4
            dagan_worker_inference_seconds_sum{instance="a",service="depth-worker",stage="depth"} 1.25
            dagan_worker_frames_total{outcome="published",stage="depth"} 12.0
            dagan_worker_frames_total{outcome="dead_lettered",stage="depth"} 1.0
            weird_label{path="a \\"quoted\\" \\\\ value",x="1"} NaN
            jvm_threads_live_threads 42 1700000000000
            """;

    @Test
    void parsesNamesLabelsAndValues() {
        PrometheusText text = PrometheusText.parse(PAGE);
        assertEquals(7, text.samples().size());
        assertEquals(4, text.sum("dagan_worker_inference_seconds_count"));
        assertEquals(1.25, text.sum("dagan_worker_inference_seconds_sum", l -> "depth".equals(l.get("stage"))));
        assertEquals(12, text.sum("dagan_worker_frames_total", l -> "published".equals(l.get("outcome"))));
        assertEquals(13, text.sum("dagan_worker_frames_total"));
        assertEquals(42, text.sum("jvm_threads_live_threads"));
        PrometheusText.Sample weird = text.named("weird_label").get(0);
        assertEquals("a \"quoted\" \\ value", weird.label("path"));
        assertTrue(Double.isNaN(weird.value()));
        assertEquals("+Inf", text.named("dagan_worker_inference_seconds_bucket").get(0).label("le"));
    }

    @Test
    void aBrokenLineIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("ok 1\nbroken{a=\"x\" 3\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void stageMetricsAreDifferencesSummedOverInstances() {
        MetricsEndpoint one = new MetricsEndpoint("generator", java.net.URI.create("http://127.0.0.1:1/metrics"));
        MetricsEndpoint two = new MetricsEndpoint("generator#2", java.net.URI.create("http://127.0.0.1:2/metrics"));
        MetricsScraper.Snapshot before = new MetricsScraper.Snapshot(Map.of(
                one, PrometheusText.parse(page(2, 1.0, 2, 0.2, 2)),
                two, PrometheusText.parse(page(0, 0, 0, 0, 0))), Map.of());
        MetricsScraper.Snapshot after = new MetricsScraper.Snapshot(Map.of(
                one, PrometheusText.parse(page(6, 3.0, 6, 0.6, 6)),
                two, PrometheusText.parse(page(2, 1.5, 4, 0.4, 4))), Map.of());
        List<StageMetrics> stages = StageMetrics.between(before, after);
        assertEquals(1, stages.size());
        StageMetrics g = stages.get(0);
        assertEquals("generator", g.stage());
        assertEquals(2, g.instances());
        assertEquals(8, g.framesPublished());
        assertEquals(6, g.batches());
        assertEquals(3.5, g.inferenceSeconds(), 1e-9);
        assertEquals(8, g.batchFrames());
        assertEquals(437.5, g.inferenceMillisPerFrame(), 1e-9);
        assertEquals(100, g.meanQueueWaitMillis(), 1e-9);
        assertEquals(Map.of("generator", 4.0, "generator#2", 4.0), g.framesByInstance());
    }

    private static String page(int batches, double inferenceSum, int batchFrames, double waitSum, int frames) {
        return "dagan_worker_inference_seconds_count{stage=\"generator\"} " + batches + "\n"
                + "dagan_worker_inference_seconds_sum{stage=\"generator\"} " + inferenceSum + "\n"
                + "dagan_worker_batch_size_sum{stage=\"generator\"} " + batchFrames + "\n"
                + "dagan_worker_queue_wait_seconds_count{stage=\"generator\"} " + frames + "\n"
                + "dagan_worker_queue_wait_seconds_sum{stage=\"generator\"} " + waitSum + "\n"
                + "dagan_worker_frames_total{outcome=\"published\",stage=\"generator\"} " + frames + "\n";
    }
}
