package org.daganstream.cli.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.daganstream.cli.CliFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder a run keeps its state in: the broker's logs, the objects, Streams state, scratch files. A folder the
 * user named is kept (so a run can be inspected, and the next run reuses it); a temporary one is deleted on close.
 */
public final class WorkDir implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkDir.class);

    private final Path path;
    private final boolean temporary;

    private WorkDir(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** {@code given}, created if needed, or a new temporary folder when null. */
    public static WorkDir of(Path given) {
        try {
            if (given == null) {
                return new WorkDir(Files.createTempDirectory("dagan-run-"), true);
            }
            Path dir = given.toAbsolutePath().normalize();
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw CliFailure.usage("--work-dir " + given + " is a file, not a folder");
            }
            Files.createDirectories(dir);
            return new WorkDir(dir, false);
        } catch (IOException e) {
            throw CliFailure.input("cannot create the work folder " + (given == null ? "(temporary)" : given) + ": "
                    + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    public boolean temporary() {
        return temporary;
    }

    @Override
    public void close() {
        delete();
    }

    /** Deletes a temporary folder (idempotent: also called from a shutdown hook); keeps a user's folder. */
    public synchronized void delete() {
        if (!temporary) {
            return;
        }
        // Background threads of the services may still drop a last file while the tree is walked: try again.
        for (int attempt = 1; attempt <= 3 && Files.exists(path); attempt++) {
            try (Stream<Path> files = Files.walk(path)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("deleting {} (attempt {}): {}", path, attempt, e.toString());
            }
            if (Files.exists(path)) {
                sleepQuietly(200);
            }
        }
        if (Files.exists(path)) {
            LOG.warn("could not delete the temporary work folder {}; remove it by hand", path);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
