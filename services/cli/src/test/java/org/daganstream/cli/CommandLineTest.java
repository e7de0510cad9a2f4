package org.daganstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling and exit codes that need no running pipeline. */
class CommandLineTest {

    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode(), run.toString());
        for (String command : List.of("reenact", "serve", "submit", "watch", "fetch", "replay", "models", "examples")) {
            assertTrue(run.out().contains(command), command + " missing from help:\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("Model bundle invalid"), run.out());
        CliRun sub = CliRun.of("reenact", "--help");
        assertTrue(sub.out().contains("Exit codes:") && sub.out().contains("--frames-dir"), sub.out());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(ExitCode.USAGE, CliRun.of().exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("no-such-command").exitCode());
        CliRun missing = CliRun.of("reenact", "-s", "face.png");
        assertEquals(ExitCode.USAGE, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("--driving") || missing.err().contains("-d"), missing.err());
        CliRun both = CliRun.of("reenact", "-s", "a.png", "-d", "b.mp4", "-o", "o.mp4", "--relative", "--absolute");
        assertEquals(ExitCode.USAGE, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CliRun badNumber = CliRun.of("reenact", "-s", "a.png", "-d", "b.mp4", "-o", "o.mp4", "--anchor", "two");
        assertEquals(ExitCode.USAGE, badNumber.exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("serve", "--stages", "depth,warp").exitCode());
        CliRun badJob = CliRun.of("watch", "../etc/passwd");
        assertEquals(ExitCode.USAGE, badJob.exitCode());
        assertTrue(badJob.err().contains("invalid job id"), badJob.err());
        assertEquals(ExitCode.USAGE, CliRun.of("replay", "--stage", "painter").exitCode());
    }

    @Test
    void missingInputFileExitsWith3NamingTheFile() throws IOException {
        Path face = Files.writeString(tmp.resolve("face.png"), "not really a png");
        CliRun run = CliRun.of("reenact", "-s", face.toString(), "-d", tmp.resolve("nowhere.mp4").toString(),
                "-o", tmp.resolve("out.mp4").toString());
        assertEquals(ExitCode.INPUT, run.exitCode(), run.toString());
        assertTrue(run.err().contains("driving video") && run.err().contains("nowhere.mp4")
                && run.err().contains("does not exist"), run.err());

        Path empty = Files.createFile(tmp.resolve("empty.mp4"));
        CliRun emptyRun = CliRun.of("reenact", "-s", face.toString(), "-d", empty.toString(), "-o", "o.mp4");
        assertEquals(ExitCode.INPUT, emptyRun.exitCode());
        assertTrue(emptyRun.err().contains("is empty"), emptyRun.err());
    }

    @Test
    void outputThatIsAFolderIsAUsageError() throws IOException {
        Path face = Files.writeString(tmp.resolve("face.png"), "x");
        Path video = Files.writeString(tmp.resolve("drive.mp4"), "x");
        CliRun run = CliRun.of("reenact", "-s", face.toString(), "-d", video.toString(), "-o", tmp.toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("is a folder"), run.err());
    }

    @Test
    void tamperedBundleExitsWith5BeforeAnythingStarts() throws IOException {
        Path bundle = TestPaths.copyOfTinyBundle(tmp);
        flipOneByte(bundle.resolve("generator.onnx"));
        Path face = Files.writeString(tmp.resolve("face.png"), "x");
        Path video = Files.writeString(tmp.resolve("drive.mp4"), "x");
        CliRun run = CliRun.of("reenact", "-s", face.toString(), "-d", video.toString(), "-o",
                tmp.resolve("o.mp4").toString(), "--bundle", bundle.toString());
        assertEquals(ExitCode.BUNDLE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("generator.onnx") && run.err().contains("sha256"), run.err());

        CliRun missing = CliRun.of("reenact", "-s", face.toString(), "-d", video.toString(), "-o", "o.mp4",
                "--bundle", tmp.resolve("no-bundle").toString());
        assertEquals(ExitCode.BUNDLE, missing.exitCode(), missing.toString());
    }

    @Test
    void modelsVerifyAndInspect() throws IOException {
        CliRun ok = CliRun.of("models", "verify", TestPaths.tinyBundle().toString());
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("verified"), ok.out());

        Path bundle = TestPaths.copyOfTinyBundle(tmp);
        flipOneByte(bundle.resolve("depth.onnx"));
        CliRun refused = CliRun.of("models", "verify", bundle.toString());
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.out().contains("depth.onnx"), refused.out());

        Files.delete(bundle.resolve("manifest.json"));
        assertEquals(1, CliRun.of("models", "verify", bundle.toString()).exitCode());
        assertEquals(ExitCode.INPUT, CliRun.of("models", "verify", tmp.resolve("none").toString()).exitCode());

        CliRun inspect = CliRun.of("models", "inspect", TestPaths.tinyBundle().toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().contains("random-tiny") && inspect.out().contains("generator.onnx")
                && inspect.out().contains("random placeholders"), inspect.out());
        assertEquals(ExitCode.BUNDLE, CliRun.of("models", "inspect", bundle.toString()).exitCode());
    }

    @Test
    void unreachableInfrastructureExitsWith4() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path config = Files.writeString(tmp.resolve("down.properties"), String.join("\n",
                // The admin client's close waits for abandoned calls up to default.api.timeout.ms: keep it short.
                "kafka.bootstrap.servers=127.0.0.1:" + closed, "kafka.admin.timeout=2s",
                "kafka.default.api.timeout.ms=3000", "kafka.request.timeout.ms=2000",
                "s3.endpoint=http://127.0.0.1:" + closed, "s3.access.key=a", "s3.secret.key=b",
                "s3.retry.max.attempts=1", "s3.connect.timeout=1s", "http.port=0"));
        Path face = Files.writeString(tmp.resolve("face.png"), "x");
        CliRun submit = CliRun.of("submit", "-s", face.toString(), "-d", face.toString(), "--config", config.toString());
        assertEquals(ExitCode.INFRA, submit.exitCode(), submit.toString());
        assertTrue(submit.err().contains("could not upload source image"), submit.err());

        CliRun serve = CliRun.of("serve", "--stages", "motion", "--config", config.toString());
        assertEquals(ExitCode.INFRA, serve.exitCode(), serve.toString());
        assertTrue(serve.err().contains("stage motion could not start"), serve.err());

        CliRun noKafka = CliRun.of("serve", "--stages", "motion", "--config",
                Files.writeString(tmp.resolve("empty.properties"), "http.port=0").toString());
        assertEquals(ExitCode.USAGE, noKafka.exitCode(), noKafka.toString());
        assertTrue(noKafka.err().contains("kafka.bootstrap.servers"), noKafka.err());
    }

    private static void flipOneByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }
}
