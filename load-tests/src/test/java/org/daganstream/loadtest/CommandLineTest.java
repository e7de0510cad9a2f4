package org.daganstream.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daganstream.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage errors exit 2 with a message naming the problem, before anything starts. */
class CommandLineTest {

    @TempDir
    Path dir;

    private String[] last = new String[1];

    private int run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cl = DaganLoad.commandLine();
        cl.setOut(new PrintWriter(text));
        cl.setErr(new PrintWriter(text));
        int exit = cl.execute(args);
        last[0] = text.toString();
        return exit;
    }

    @Test
    void anExternalSystemOffThisMachineIsRefused() throws Exception {
        Path config = Files.writeString(dir.resolve("remote.properties"),
                "kafka.bootstrap.servers=10.20.30.40:9092\ns3.endpoint=http://10.20.30.41:9000\n"
                        + "s3.access.key=a\ns3.secret.key=b\n");
        int exit = run("run", "--external", "--target-config", config.toString(), "--out", dir.resolve("out").toString(),
                "--frames", "2");
        assertEquals(ExitCode.USAGE, exit, last[0]);
        assertTrue(last[0].contains("only targets systems on this machine"), last[0]);
        assertTrue(last[0].contains("10.20.30.40"), last[0]);
    }

    @Test
    void boundsAreEnforced() {
        assertEquals(ExitCode.USAGE, run("run", "--jobs", "20000", "--out", dir.toString()), last[0]);
        assertTrue(last[0].contains("jobs must be within 1..10000"), last[0]);
        assertEquals(ExitCode.USAGE, run("bench", "--rounds", "0", "--no-reference", "--bundle", "x"), last[0]);
        assertTrue(last[0].contains("rounds must be within"), last[0]);
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, run("run", "--jobz", "1"));
        assertEquals(ExitCode.USAGE, run("nonsense"));
    }

    @Test
    void clipCommandWritesTheInputs() {
        assertEquals(0, run("clip", "--frames", "2", "--size", "64", "--out", dir.toString(), "--png-frames"), last[0]);
        assertTrue(Files.isRegularFile(dir.resolve("source-64px.png")));
        assertTrue(Files.isRegularFile(dir.resolve("frames-64px-2f-25fps").resolve("frame_000001.png")));
    }
}
