package org.daganstream.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {

    @TempDir
    Path tmp;

    @Test
    void temporaryFolderIsDeletedWithItsContentsAndAUsersFolderIsKept() throws Exception {
        Path temporary;
        try (WorkDir work = WorkDir.of(null)) {
            temporary = work.path();
            assertTrue(work.temporary());
            Files.createDirectories(temporary.resolve("stack/kafka"));
            Files.writeString(temporary.resolve("stack/kafka/meta.properties"), "x");
        }
        assertFalse(Files.exists(temporary));

        Path given = tmp.resolve("runs/one");
        try (WorkDir work = WorkDir.of(given)) {
            assertFalse(work.temporary());
            Files.writeString(work.path().resolve("keep.txt"), "x");
            work.delete(); // a no-op for a user's folder
        }
        assertTrue(Files.exists(given.resolve("keep.txt")));

        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals(ExitCode.USAGE, assertThrows(CliFailure.class, () -> WorkDir.of(file)).exitCode());
    }
}
