package org.daganstream.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Locates the fixtures made by the models package (system property {@code dagan.fixtures}, set by the build). */
final class TestFixtures {
    private TestFixtures() {
    }

    static Path root() {
        String configured = System.getProperty("dagan.fixtures");
        assertTrue(configured != null && !configured.isBlank(),
                "system property dagan.fixtures is not set; run the tests through Maven (the parent pom sets it)");
        Path root = Path.of(configured);
        assertTrue(Files.isDirectory(root), "fixtures folder " + root + " does not exist; regenerate it with "
                + "'cd models && python3 -m dagan_models fixtures --out fixtures'");
        return root;
    }

    /** The tiny random-weight bundle. */
    static Path tinyBundle() {
        return root().resolve("tiny");
    }

    /** PyTorch reference inputs and outputs for the tiny bundle. */
    static Path parityCases() {
        return root().resolve("tiny-parity");
    }

    /** A writable copy of the tiny bundle under {@code target}, for tampering. */
    static Path copyOfTinyBundle(Path target) {
        try (Stream<Path> files = Files.list(tinyBundle())) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
