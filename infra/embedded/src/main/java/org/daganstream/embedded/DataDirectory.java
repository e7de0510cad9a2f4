package org.daganstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The folder an embedded stack keeps its state in: either given by the caller (kept on close) or a
 * fresh temporary folder that this object owns and deletes on close.
 */
final class DataDirectory implements AutoCloseable {

    private final Path path;
    private final boolean owned;

    private DataDirectory(Path path, boolean owned) {
        this.path = path;
        this.owned = owned;
    }

    /** Uses {@code dir} (created if missing); its contents survive {@link #close()}. */
    static DataDirectory userGiven(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("Data directory " + absolute + " exists but is not a directory");
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create data directory " + absolute, e);
        }
        return new DataDirectory(absolute, false);
    }

    /** A new folder under {@code java.io.tmpdir}, deleted with everything in it on {@link #close()}. */
    static DataDirectory temporary() {
        try {
            return new DataDirectory(Files.createTempDirectory("dagan-embedded-").toAbsolutePath(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary data directory under "
                    + System.getProperty("java.io.tmpdir"), e);
        }
    }

    Path path() {
        return path;
    }

    /** A sub-folder for one component, created if missing. */
    Path subdirectory(String name) {
        Path sub = path.resolve(name);
        try {
            return Files.createDirectories(sub);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + sub, e);
        }
    }

    @Override
    public void close() {
        if (owned) {
            deleteRecursively(path);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed concurrently, which is what we want
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }
}
