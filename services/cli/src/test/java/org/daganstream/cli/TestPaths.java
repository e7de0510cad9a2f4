package org.daganstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the tests find the project's fixtures (set by the build: dagan.fixtures, dagan.home). */
public final class TestPaths {

    private TestPaths() {
    }

    public static Path fixtures() {
        return Path.of(System.getProperty("dagan.fixtures", "../../models/fixtures")).toAbsolutePath().normalize();
    }

    public static Path tinyBundle() {
        return fixtures().resolve("tiny");
    }

    /** The repository root (holds models/ and the launcher). */
    public static Path home() {
        return Path.of(System.getProperty("dagan.home", "../..")).toAbsolutePath().normalize();
    }

    /** A copy of the tiny bundle in {@code dir}, to damage in tests. */
    public static Path copyOfTinyBundle(Path dir) throws IOException {
        Path copy = dir.resolve("bundle");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(tinyBundle())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
