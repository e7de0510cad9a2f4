package org.daganstream.assembler.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FrameQuantizerTest {

    /** NumPy computes what the reference writes: clip(rint(x * 255), 0, 255) on float32 arrays. */
    private static final String NUMPY_REFERENCE = String.join("\n",
            "import numpy as np",
            "k = np.arange(256, dtype=np.float32)",
            "ties = ((k + np.float32(0.5)) / np.float32(255)).astype(np.float32)",
            "xs = np.concatenate([ties, np.nextafter(ties, np.float32(2)), np.nextafter(ties, np.float32(-1)),",
            "    np.linspace(-0.5, 1.5, 4001, dtype=np.float32),",
            "    np.array([0, 1, 1e-8, 0.99999994, -0.0], dtype=np.float32)])",
            "ys = np.clip(np.rint(xs * 255), 0, 255).astype(np.uint8)",
            "for bits, y in zip(xs.view(np.uint32), ys):",
            "    print(int(bits), int(y))");

    @Test
    void matchesNumpyIncludingRoundHalfToEven() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "needs /usr/bin/python3 with NumPy");
        Process p = new ProcessBuilder(python.toString(), "-c", NUMPY_REFERENCE).redirectErrorStream(true).start();
        int checked = 0;
        int ties = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                assertEquals(2, parts.length, "unexpected python output: " + line);
                float x = Float.intBitsToFloat((int) Long.parseLong(parts[0]));
                int expected = Integer.parseInt(parts[1]);
                assertEquals(expected, FrameQuantizer.quantize(x), "x = " + x + " (x*255 = " + (x * 255f) + ")");
                if (x * 255f == Math.floor(x * 255f) + 0.5f) {
                    ties++;
                }
                checked++;
            }
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(checked > 4000, "compared " + checked + " values");
        assertTrue(ties > 50, "exact .5 cases were compared: " + ties);
    }

    @Test
    void edgesAndNaN() {
        assertEquals(0, FrameQuantizer.quantize(Float.NaN));
        assertEquals(0, FrameQuantizer.quantize(-3f));
        assertEquals(255, FrameQuantizer.quantize(7f));
        assertEquals(255, FrameQuantizer.quantize(Float.POSITIVE_INFINITY));
    }

    @Test
    void writesPanelsIntoInterleavedRows() {
        // 2x1 tensor: pixel 0 = (0, 0.5, 1), pixel 1 = (1, 0, 0.2); drawn as panel 1 of a 2-panel row.
        float[] chw = {0f, 1f, 0.5f, 0f, 1f, 0.2f};
        byte[] rgb = new byte[2 * 2 * 3];
        FrameQuantizer.toRgb(chw, 2, 1, rgb, 12, 2);
        assertEquals(0, rgb[5]);
        int[] panel = new int[6];
        for (int i = 0; i < 6; i++) {
            panel[i] = rgb[6 + i] & 0xff;
        }
        assertEquals("[0, 128, 255, 255, 0, 51]", java.util.Arrays.toString(panel));
        assertThrows(IllegalArgumentException.class, () -> FrameQuantizer.toRgb(chw, 2, 1, new byte[6], 6, 1));
        assertThrows(IllegalArgumentException.class, () -> FrameQuantizer.toRgb(new float[5], 2, 1, rgb, 12, 0));
    }
}
