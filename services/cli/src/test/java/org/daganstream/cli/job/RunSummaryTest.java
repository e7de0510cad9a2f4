package org.daganstream.cli.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.schema.AvroTrust;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    @Test
    void namesTheOutputAndOrdersStagesLikeThePipeline() {
        AvroTrust.install();
        Reenactment result = Reenactment.newBuilder().setJobId("j").setOutcome(ReenactmentOutcome.SUCCEEDED)
                .setVideoKey("results/j/video.mp4").setFrameCount(50).setFps(25).setHasAudio(true)
                .setStageTimings(Map.of("total", 20_000L, "generator", 15_000L, "depth", 4_000L, "ingest", 900L))
                .setFinishedAt(Instant.EPOCH).build();
        JobView view = new JobView("j");
        view.onGenerated(JobViewTest.frame(0, Map.of("ingest", 0L, "depth", 40L, "generator", 700L)));
        List<String> lines = RunSummary.lines(result, view, "out.mp4", 3 * 1024 * 1024, "frames", 5_000, 25_000);
        assertEquals("wrote out.mp4 (3.0 MiB): 50 frames at 25.00 fps, audio from the driving video", lines.get(0));
        assertEquals("wrote 50 PNG frames to frames", lines.get(1));
        assertEquals("time: 25.0 s for the job (2.00 frames/s), after 5.0 s to start the pipeline", lines.get(2));
        assertTrue(lines.contains("  depth           40 ms    40 ms"), lines.toString());
        assertTrue(lines.contains("  generator      660 ms   660 ms"), lines.toString());
        assertEquals("stage spans (first frame in to last frame out): ingest 0.9 s, depth 4.0 s, generator 15.0 s,"
                + " total 20.0 s", lines.get(lines.size() - 1));
    }
}
