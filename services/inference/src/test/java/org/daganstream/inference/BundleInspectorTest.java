package org.daganstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleInspectorTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void inspectPrintsModelAndGraphSignatures() {
        int status = run("inspect", TestFixtures.tinyBundle().toString());

        String text = out();
        assertEquals(0, status, err());
        assertTrue(text.contains("bundle   " + BundleManifest.read(TestFixtures.tinyBundle()).id()), text);
        assertTrue(text.contains("15 keypoints"), text);
        assertTrue(text.contains("in  depth [N,1,256,256]"), text);
        assertTrue(text.contains("out prediction [N,3,256,256]"), text);
    }

    @Test
    void verifyLoadsAndRunsEveryGraphOfAGoodBundle() {
        int status = run("verify", TestFixtures.tinyBundle().toString(), "--load");

        assertEquals(0, status, err() + out());
        assertTrue(out().contains("ok    generator.onnx  sha256 "), out());
        assertTrue(out().contains("generator.onnx  loads in ONNX Runtime"), out());
        assertTrue(out().trim().endsWith("verified"), out());
    }

    @Test
    void verifyReportsEveryDamagedFile() throws IOException {
        Path copy = TestFixtures.copyOfTinyBundle(temp.resolve("bundle"));
        ModelBundleTest.flipOneByte(copy.resolve("depth.onnx"));
        ModelBundleTest.flipOneByte(copy.resolve("generator.onnx"));

        int status = run("verify", copy.toString());

        assertEquals(1, status);
        assertTrue(out().contains("FAIL  depth.onnx sha256 mismatch"), out());
        assertTrue(out().contains("FAIL  generator.onnx sha256 mismatch"), out());
        assertTrue(out().contains("ok    keypoints.onnx"), out());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("inspect"));
        assertEquals(2, run("explode", TestFixtures.tinyBundle().toString()));
        assertTrue(err().contains("usage:"), err());
    }

    @Test
    void missingBundleIsRefused() {
        assertEquals(1, run("inspect", temp.resolve("none").toString()));
        assertTrue(err().contains("refused: ") && err().contains("manifest.json not found"), err());
    }

    private int run(String... args) {
        return BundleInspector.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
