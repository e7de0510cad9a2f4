package org.daganstream.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.gateway.testing.Chromium;
import org.daganstream.gateway.testing.GatewayStack;
import org.daganstream.gateway.testing.GatewayStackExtension;
import org.daganstream.gateway.testing.TestMedia;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in a real headless Chromium: a user picks the two files and submits, the page follows the job live,
 * and once the (simulated) pipeline has published the result the video plays. Skipped when Chromium is not
 * installed (Debian package {@code chromium}). Leaves a screenshot at {@code target/gateway-page.png}.
 */
@ExtendWith(GatewayStackExtension.class)
class GatewayPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void userSubmitsAJobFollowsItAndPlaysTheResult(GatewayStack stack, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Chromium.installed(), "Chromium is not installed at " + Chromium.BINARY
                + " (Debian package chromium); skipping the browser test");
        Path face = dir.resolve("face.png");
        Path drive = dir.resolve("drive.mp4");
        TestMedia.png(face, 96);
        TestMedia.mp4(drive, 64, 25, 25.0);
        Path target = Path.of("target");
        Files.createDirectories(target);

        try (Chromium browser = Chromium.launch(target.resolve("chromium.log"))) {
            browser.navigate("http://127.0.0.1:" + stack.port() + "/");
            browser.setFiles("#source", face);
            browser.setFiles("#driving", drive);
            browser.eval("document.getElementById('relative').click(); document.getElementById('submit').click(); true");

            browser.awaitTrue("document.getElementById('job-id').textContent.length > 0", WAIT);
            String jobId = (String) browser.eval("document.getElementById('job-id').textContent");
            assertTrue(((String) browser.eval("location.hash")).endsWith(jobId));
            JobRequest job = stack.jobRequest(jobId);
            assertNotNull(job, "the page's submission did not reach the jobs topic");
            assertEquals("uploads/" + jobId + "/source.png", job.getSource().getKey());
            assertEquals(false, job.getOptions().getRelativeMotion(), "the unticked box must send relative=false");
            assertEquals(Files.size(drive), stack.blobs().get(job.getDriving().getKey()).length);

            // The pipeline reports progress: the page shows it live.
            stack.publishStatus(jobId, JobState.PROCESSING, 5, 25, null);
            browser.awaitTrue("document.getElementById('job-frames').textContent === '5 / 25 frames'"
                    + " && document.getElementById('job-progress').value === 0.2", WAIT);

            // The assembler's result: a real H.264 MP4 in the results folder, then the records.
            String videoKey = "results/" + jobId + "/video.mp4";
            stack.blobs().put(videoKey, drive);
            stack.publishStatus(jobId, JobState.SUCCEEDED, 25, 25, null);
            stack.publishSuccess(jobId, videoKey, 25);

            browser.awaitTrue("document.getElementById('job-state').textContent === 'SUCCEEDED'", WAIT);
            browser.awaitTrue("(() => { const v = document.getElementById('job-video');"
                    + " return !document.getElementById('job-result').hidden && v.readyState >= 2 && v.duration > 0; })()",
                    WAIT);
            double duration = ((Number) browser.eval("document.getElementById('job-video').duration")).doubleValue();
            assertEquals(1.0, duration, 0.2, "video duration as the browser decoded it");
            assertEquals("/api/jobs/" + jobId + "/result?download=1",
                    browser.eval("document.getElementById('job-download').getAttribute('href')"));

            // The recent-jobs list shows it as done.
            browser.eval("document.getElementById('refresh').click(); true");
            browser.awaitTrue("(() => { const row = document.querySelector('#jobs tr[data-job-id=\"" + jobId + "\"]');"
                    + " return row !== null && row.querySelector('.badge').textContent === 'SUCCEEDED'; })()", WAIT);

            // For the humans looking at the screenshot: let the player finish buffering first (not asserted).
            try {
                browser.awaitTrue("document.getElementById('job-video').readyState === 4", Duration.ofSeconds(5));
            } catch (AssertionError stillBuffering) {
                // the screenshot then shows the loading indicator; the assertions above already passed
            }
            browser.screenshot(target.resolve("gateway-page.png"));
        }
    }
}
