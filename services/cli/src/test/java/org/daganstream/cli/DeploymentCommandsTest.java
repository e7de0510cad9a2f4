package org.daganstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.daganstream.cli.bundle.BundleCheck;
import org.daganstream.cli.examples.ExampleMedia;
import org.daganstream.cli.job.JobWatcher;
import org.daganstream.cli.pipeline.EmbeddedPipeline;
import org.daganstream.cli.pipeline.Stage;
import org.daganstream.cli.pipeline.WorkDir;
import org.daganstream.cli.replay.DeadLetter;
import org.daganstream.cli.replay.ReplayMarkers;
import org.daganstream.common.blob.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that talk to a deployment (serve, submit, watch, fetch, replay), run against a whole pipeline on the
 * embedded broker and S3 server, configured the way a user would: a properties file passed with --config.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentCommandsTest {

    private static final Duration WAIT = Duration.ofMinutes(3);

    private Path dir;

    private WorkDir work;
    private EmbeddedPipeline pipeline;
    private BlobStore blobs;
    private String bundleId;
    private Path config;
    private Path face;
    private Path driving;

    @BeforeAll
    void startPipeline(@TempDir Path tmp) throws IOException {
        dir = tmp;
        BundleCheck.Checked bundle = BundleCheck.open(TestPaths.tinyBundle());
        bundleId = bundle.id();
        work = WorkDir.of(dir.resolve("work"));
        pipeline = EmbeddedPipeline.start(new EmbeddedPipeline.Settings(work.path(), bundle.dir(), 2, null, Map.of()),
                Stage.all());
        blobs = BlobStore.fromConfig(pipeline.config());
        config = writeConfig("deployment.properties", Map.of());
        face = dir.resolve("face.png");
        driving = dir.resolve("driving.mp4");
        ExampleMedia.writeSourceImage(face, 256);
        ExampleMedia.writeDrivingVideo(driving, new ExampleMedia.Spec(256, 3, 25.0, true));
    }

    @AfterAll
    void stopPipeline() {
        if (blobs != null) {
            blobs.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** The deployment's connection settings, as an operator would write them, plus {@code extra}. */
    private Path writeConfig(String name, Map<String, String> extra) throws IOException {
        Properties props = new Properties();
        props.putAll(pipeline.stack().clientProperties());
        props.putAll(extra);
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "test deployment");
        }
        return file;
    }

    @Test
    @Order(1)
    void serveRunsAStageWithHealthEndpointsUntilItIsStopped() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path serveConfig = writeConfig("serve.properties", Map.of("http.port", Integer.toString(port),
                "motion.application.id", "dagan-motion-serve-test",
                "motion.state.dir", dir.resolve("serve-state").toString()));
        CompletableFuture<CliRun> serving = CompletableFuture.supplyAsync(() -> CliRun.of("serve", "--stages", "motion",
                "--config", serveConfig.toString(), "--exit-after", "20s"));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(18).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline && status != 200) {
            try {
                status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        assertEquals(200, status, "/health/live of the served motion stage");
        CliRun run = serving.get();
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("serving motion (health and metrics on port " + port + ")"), run.out());
    }

    @Test
    @Order(2)
    void submitWatchFetch() throws Exception {
        CliRun submit = CliRun.of("submit", "-s", face.toString(), "-d", driving.toString(),
                "--config", config.toString(), "--side-by-side", "--meta", "ticket=42");
        assertEquals(0, submit.exitCode(), submit.toString());
        String jobId = submit.out().strip();
        assertTrue(jobId.matches("job-\\d{8}-\\d{6}-[0-9a-f]{6}"), jobId);
        assertTrue(blobs.exists("uploads/" + jobId + "/source.png"));
        assertTrue(blobs.exists("uploads/" + jobId + "/driving.mp4"));

        CliRun watch = CliRun.of("watch", jobId, "--config", config.toString(), "--progress", "plain",
                "--timeout", "3m");
        assertEquals(0, watch.exitCode(), watch.toString());
        assertTrue(watch.out().contains(jobId + ": PROCESSING") && watch.out().contains("SUCCEEDED"), watch.out());

        Path out = dir.resolve("fetched.mp4");
        Path frames = dir.resolve("fetched-frames");
        CliRun fetch = CliRun.of("fetch", jobId, "-o", out.toString(), "--frames-dir", frames.toString(),
                "--config", config.toString());
        assertEquals(0, fetch.exitCode(), fetch.toString());
        assertEquals(3, frameCount(out));
        assertEquals(3 * 256, width(out), "side by side: source | driving | result");
        assertEquals(3, pngCount(frames));
    }

    @Test
    @Order(3)
    void watchReportsARejectedInputWithExitCode3() throws IOException {
        CliRun submit = CliRun.of("submit", "-s", face.toString(), "-d", face.toString(),
                "--config", config.toString());
        assertEquals(0, submit.exitCode(), submit.toString());
        String jobId = submit.out().strip();
        CliRun watch = CliRun.of("watch", jobId, "--config", config.toString(), "--progress", "none",
                "--timeout", "2m");
        assertEquals(ExitCode.INPUT, watch.exitCode(), watch.toString());
        assertTrue(watch.err().contains("was rejected") && watch.err().contains("not a video"), watch.err());
        CliRun fetch = CliRun.of("fetch", jobId, "-o", dir.resolve("x.mp4").toString(), "--config", config.toString());
        assertEquals(ExitCode.JOB_FAILED, fetch.exitCode(), fetch.toString());
    }

    @Test
    @Order(4)
    void fetchOfAnUnknownJobExitsWith3() {
        CliRun fetch = CliRun.of("fetch", "job-that-never-was", "-o", dir.resolve("y.mp4").toString(),
                "--config", config.toString());
        assertEquals(ExitCode.INPUT, fetch.exitCode(), fetch.toString());
        assertTrue(fetch.err().contains("no job job-that-never-was found"), fetch.err());
    }

    /** A frame whose blob is missing is dead-lettered; once the blob is back, replay completes the job. */
    @Test
    @Order(5)
    void replayCompletesAJobWithADeadLetteredFrame() throws Exception {
        String jobId = "replay-test-1";
        HandMadeJob job = new HandMadeJob(jobId, 3);
        job.publish(pipeline.config(), blobs, bundleId, 1);

        DeadLetter dead = awaitDeadLetter(jobId);
        assertEquals(1, dead.frameIndex());
        assertEquals("depth", dead.record().getStage());

        CliRun dry = CliRun.of("replay", "--job", jobId, "--dry-run", "--config", config.toString());
        assertEquals(0, dry.exitCode(), dry.toString());
        assertTrue(dry.out().contains("would") && dry.out().contains(jobId + "/1")
                && dry.out().contains("dagan.frames.decoded") && dry.out().contains("dry run: would replay 1"),
                dry.out());
        assertFalse(blobs.exists(ReplayMarkers.key(dead)), "a dry run publishes and marks nothing");

        blobs.put(job.frameKey(1), job.frameBlob(1)); // the cause is fixed
        CliRun replay = CliRun.of("replay", "--job", jobId, "--stage", "depth", "--config", config.toString());
        assertEquals(0, replay.exitCode(), replay.toString());
        assertTrue(replay.out().contains("replayed " + jobId + "/1") && replay.out().contains("attempt 1")
                && replay.out().contains("replayed 1 frame(s)"), replay.out());
        assertTrue(blobs.exists(ReplayMarkers.key(dead)));

        CliRun again = CliRun.of("replay", "--job", jobId, "--config", config.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("replayed 0 frame(s), skipped 1"), again.out());

        CliRun watch = CliRun.of("watch", jobId, "--config", config.toString(), "--progress", "none",
                "--timeout", "3m");
        assertEquals(0, watch.exitCode(), watch.toString());
        Path out = dir.resolve("replayed.mp4");
        CliRun fetch = CliRun.of("fetch", jobId, "-o", out.toString(), "--config", config.toString());
        assertEquals(0, fetch.exitCode(), fetch.toString());
        assertEquals(3, frameCount(out));
    }

    private DeadLetter awaitDeadLetter(String jobId) {
        try (JobWatcher watcher = JobWatcher.open(pipeline.config(), jobId, EnumSet.of(JobWatcher.Feed.DEAD_LETTERS),
                null)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (watcher.view().deadLetters().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no dead letter for job " + jobId + " within " + WAIT);
                }
                watcher.pollOnce(Duration.ofMillis(200));
            }
        }
        // Read it again with its coordinates, as replay does.
        List<DeadLetter> all = org.daganstream.cli.replay.ReplayCommandSupport.readDeadLetters(pipeline.config()).all();
        return all.stream().filter(d -> jobId.equals(d.jobId())).findFirst().orElseThrow();
    }

    private static int frameCount(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    private static int width(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            return g.getImageWidth();
        }
    }

    private static long pngCount(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }
}
