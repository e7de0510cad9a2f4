package org.daganstream.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.daganstream.cli.pipeline.Stage;
import org.daganstream.inference.OrtRuntime;
import org.daganstream.loadtest.metrics.MetricsEndpoint;
import org.daganstream.loadtest.report.RunReport;
import org.daganstream.loadtest.target.EmbeddedTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run --external} against a system it did not start: here one started beforehand on this machine, reached
 * only through a properties file and its metrics URLs, as a separately deployed system would be.
 */
class ExternalRunTest {

    @TempDir
    Path dir;

    @Test
    void loadsARunningSystemThroughItsConfigurationAndMetrics() throws Exception {
        OrtRuntime.environment();
        Path tiny = Path.of(System.getProperty("dagan.fixtures"), "tiny");
        try (EmbeddedTarget running = EmbeddedTarget.start(new EmbeddedTarget.Options(tiny, 2, 1, 0, null, null,
                Map.of()))) {
            Path config = dir.resolve("system.properties");
            Properties props = new Properties();
            for (String key : List.of("kafka.bootstrap.servers", "s3.endpoint", "s3.access.key", "s3.secret.key",
                    "s3.bucket", "s3.region")) {
                props.setProperty(key, running.config().required(key));
            }
            try (Writer w = Files.newBufferedWriter(config)) {
                props.store(w, "the running system");
            }
            MetricsEndpoint generator = running.metricsEndpoints().stream()
                    .filter(e -> e.name().equals(Stage.GENERATOR.id())).findFirst().orElseThrow();

            StringWriter text = new StringWriter();
            CommandLine cl = DaganLoad.commandLine();
            cl.setOut(new PrintWriter(text));
            cl.setErr(new PrintWriter(text));
            Path out = dir.resolve("report");
            int exit = cl.execute("run", "--external", "--target-config", config.toString(), "--metrics",
                    "generator=" + generator.uri(), "--bundle-id", running.bundleId(), "--jobs", "1", "--frames", "2",
                    "--rate", "0", "--max-duration", "5m", "--out", out.toString());
            assertEquals(0, exit, text.toString());

            String report = Files.readString(out.resolve(RunReport.FILE));
            assertTrue(report.contains("external system"), report);
            assertTrue(report.contains("| jobs succeeded / submitted | 1 / 1 |"), report);
            assertTrue(report.contains("| generator | 1 | 2 |"), "generator metrics scraped over HTTP:\n" + report);
            assertTrue(report.contains("Not sampled: the stages do not run in this JVM"), report);
            assertTrue(Files.isRegularFile(out.resolve(RunReport.LAG_CHART)));
        }
    }
}
