package org.daganstream.worker.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;

/** The fixtures made by the models package (system property {@code dagan.fixtures}, set by the parent pom). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        String configured = System.getProperty("dagan.fixtures");
        assertTrue(configured != null && !configured.isBlank(),
                "system property dagan.fixtures is not set; run the tests through Maven (the parent pom sets it)");
        Path root = Path.of(configured);
        assertTrue(Files.isDirectory(root), "fixtures folder " + root + " does not exist; regenerate it with "
                + "'cd models && python3 -m dagan_models fixtures --out fixtures'");
        return root;
    }

    /** The tiny random-weight bundle. */
    public static Path tinyBundle() {
        return root().resolve("tiny");
    }

    /** A tensor of the PyTorch parity case, e.g. {@code parity("driving")} of shape [2,3,256,256]. */
    public static Tensor parity(String name) {
        return Npy.readFloat32(root().resolve("tiny-parity").resolve(name + ".npy"));
    }

    /** Sample {@code i} of a parity tensor, without its batch axis (the form blobs and keypoints travel in). */
    public static Tensor parity(String name, int i) {
        return parity(name).slice(i);
    }
}
