package org.daganstream.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameKeysTest {

    @Test
    void keysRoundTrip() {
        assertEquals("job-1/17", FrameKeys.frame("job-1", 17));
        assertEquals("job-1/source", FrameKeys.source("job-1"));
        assertEquals("job-1/source", FrameKeys.frame("job-1", FrameKeys.SOURCE_INDEX));
        assertEquals(new FrameKeys.FrameKey("job-1", 17), FrameKeys.parse("job-1/17"));
        FrameKeys.FrameKey source = FrameKeys.parse("job-1/source");
        assertTrue(source.isSource());
        assertEquals(-1, source.frameIndex());
        assertEquals("job-1/source", source.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"job-1", "job-1/", "/3", "job-1/x", "job-1/-2", "job-1/007", "bad id/3"})
    void malformedKeysAreRejectedNamingTheKey(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameKeys.parse(key));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
}
