package org.daganstream.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.daganstream.loadtest.report.BenchReport;
import org.daganstream.loadtest.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The benchmark's smoke mode end to end, so it cannot rot: the tiny bundle, 2 jobs x 3 frames through the embedded
 * system with 1 and then 2 instances per model stage. Checks the reports and charts exist and hold their
 * sections; never speed.
 */
class BenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void smokeBenchmarkWritesTheReportsWithEverySection() throws Exception {
        Path tiny = Path.of(System.getProperty("dagan.fixtures"), "tiny");
        Path out = dir.resolve("bench");
        StringWriter text = new StringWriter();
        CommandLine cl = DaganLoad.commandLine();
        cl.setOut(new PrintWriter(text));
        cl.setErr(new PrintWriter(text));
        int exit = cl.execute("bench", "--smoke", "--bundle", tiny.toString(), "--out", out.toString(),
                "--cache", dir.resolve("cache").toString());
        assertEquals(0, exit, text.toString());
        assertTrue(text.toString().contains("pipeline 1x:"), text.toString());
        assertTrue(text.toString().contains("pipeline 2x:"), text.toString());

        String bench = Files.readString(out.resolve(BenchReport.FILE));
        assertSections(bench, BenchReport.COMPARISON_SECTIONS);
        assertTrue(bench.contains("load-tests/bench --smoke"), "the report quotes its command");
        assertTrue(bench.contains("not measured"), "no reference in smoke mode, and the report says so");
        assertPng(out.resolve(BenchReport.FPS_CHART));
        assertPng(out.resolve(BenchReport.BUSY_CHART));

        for (String run : List.of("round-1-pipeline-1x", "round-1-pipeline-2x")) {
            Path runDir = out.resolve("runs").resolve(run);
            String report = Files.readString(runDir.resolve(RunReport.FILE));
            assertSections(report, RunReport.SECTIONS);
            assertTrue(report.contains("| jobs succeeded / submitted | 2 / 2 |"), report);
            assertTrue(report.contains("| frames generated (succeeded jobs) | 6 |"), report);
            for (String stage : List.of("| depth |", "| keypoints |", "| generator |")) {
                assertTrue(report.contains(stage), "per-stage rows: " + stage);
            }
            for (String chart : List.of(RunReport.LATENCY_CHART, RunReport.FIRST_FRAME_CHART,
                    RunReport.THROUGHPUT_CHART, RunReport.LAG_CHART, RunReport.MEMORY_CHART)) {
                assertPng(runDir.resolve(chart));
            }
        }
        String twoInstances = Files.readString(out.resolve("runs/round-1-pipeline-2x").resolve(RunReport.FILE));
        assertTrue(twoInstances.contains("| generator | 2 | 6 ("), "two generator instances reported metrics");
    }

    private static void assertSections(String markdown, List<String> sections) {
        int at = 0;
        for (String section : sections) {
            int found = markdown.indexOf("## " + section, at);
            assertTrue(found >= 0, "section '" + section + "' missing or out of order in:\n" + markdown);
            at = found;
        }
    }

    private static void assertPng(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " missing");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not an image");
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
    }
}
