package org.daganstream.common.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeysTest {

    @Test
    void perFrameKeysAreZeroPaddedAndDeterministic() {
        assertEquals("jobs/job-1/frames/000042", BlobKeys.frame("job-1", 42));
        assertEquals("jobs/job-1/depth/000000", BlobKeys.depth("job-1", 0));
        assertEquals("jobs/job-1/generated/999999", BlobKeys.generated("job-1", 999_999));
        assertEquals(BlobKeys.frame("a", 7), BlobKeys.frame("a", 7));
        assertEquals("jobs/a.b_c/source/image", BlobKeys.sourceImage("a.b_c"));
        assertEquals("jobs/a/source/depth", BlobKeys.sourceDepth("a"));
        assertEquals("results/j/video.mp4", BlobKeys.result("j", "video.mp4"));
        assertEquals("uploads/j/in/drive.mp4", BlobKeys.upload("j", "in/drive.mp4"));
        assertEquals("jobs/j/", BlobKeys.jobPrefix("j"));
        assertEquals("jobs/j/depth/", BlobKeys.kindPrefix("j", BlobKeys.DEPTH));
        assertTrue(BlobKeys.frame("j", 9).compareTo(BlobKeys.frame("j", 10)) < 0, "lexical order is frame order");
    }

    @Test
    void frameIndexIsParsedBack() {
        assertEquals(42, BlobKeys.frameIndexOf(BlobKeys.depth("job-1", 42)));
        assertThrows(IllegalArgumentException.class, () -> BlobKeys.frameIndexOf("jobs/j/source/image"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc", "a/b", "-lead", "sp ace", "ünï", "x?y", "a\nb"})
    void unsafeJobIdsAreRejectedWithTheRule(String jobId) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobKeys.frame(jobId, 1));
        assertTrue(e.getMessage().contains("invalid job id"), e.getMessage());
        assertTrue(e.getMessage().contains("A-Z a-z 0-9 . _ -"), e.getMessage());
    }

    @Test
    void tooLongJobIdAndNullAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BlobKeys.jobId("x".repeat(129)));
        assertEquals("x".repeat(128), BlobKeys.jobId("x".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> BlobKeys.jobId(null));
    }

    @Test
    void frameIndexOutsideSixDigitsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobKeys.frame("j", 1_000_000));
        assertTrue(e.getMessage().contains("1000000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlobKeys.depth("j", -1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a//b", "../x", "a/./b", "/abs", "x y", "a/"})
    void unsafeNamesAreRejected(String name) {
        assertThrows(IllegalArgumentException.class, () -> BlobKeys.result("j", name));
    }
}
