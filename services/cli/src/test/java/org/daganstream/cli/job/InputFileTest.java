package org.daganstream.cli.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.common.blob.BlobKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {

    @TempDir
    Path tmp;

    @Test
    void uploadNamesKeepPlainExtensionsOnly() throws Exception {
        Path video = Files.writeString(tmp.resolve("My Clip.MP4"), "x");
        assertEquals("driving.mp4", InputFile.check("driving video", video).uploadName("driving"));
        Path odd = Files.writeString(tmp.resolve("face.p ng"), "x");
        assertEquals("source", InputFile.check("source image", odd).uploadName("source"));
        Path none = Files.writeString(tmp.resolve("face"), "x");
        assertEquals("source", InputFile.check("source image", none).uploadName("source"));
    }

    @Test
    void rejectsFoldersAsInput() {
        CliFailure e = org.junit.jupiter.api.Assertions.assertThrows(CliFailure.class,
                () -> InputFile.check("source image", tmp));
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("is a directory"));
    }

    @Test
    void jobIdsAreValidAndSortable() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
        String id = JobIds.newId(clock);
        assertTrue(id.startsWith("job-20250304-050607-"), id);
        assertTrue(BlobKeys.isValidJobId(id));
        assertEquals(ExitCode.USAGE, org.junit.jupiter.api.Assertions.assertThrows(CliFailure.class,
                () -> JobIds.requireValid("a/b")).exitCode());
    }
}
