package org.daganstream.gateway.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void parsesTheThreeSingleRangeForms() {
        assertEquals(new ByteRange(0, 499), ByteRange.parse("bytes=0-499", 1000));
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000), "suffix longer than the file");
        assertEquals(new ByteRange(990, 999), ByteRange.parse("bytes=990-5000", 1000), "end clipped to the file");
        assertEquals(new ByteRange(7, 7), ByteRange.parse("Bytes = 7 - 7", 1000));
        assertEquals("bytes 0-499/1000", ByteRange.parse("bytes=0-499", 1000).contentRange(1000));
        assertEquals(500, ByteRange.parse("bytes=0-499", 1000).length());
    }

    @Test
    void headersItCannotUseMeanTheWholeFile() {
        assertNull(ByteRange.parse(null, 1000));
        assertNull(ByteRange.parse("", 1000));
        assertNull(ByteRange.parse("items=0-5", 1000));
        assertNull(ByteRange.parse("bytes=0-5,10-20", 1000), "several ranges are answered with the whole file");
        assertNull(ByteRange.parse("bytes=9-3", 1000), "end before start is malformed");
        assertNull(ByteRange.parse("bytes=-", 1000));
        assertNull(ByteRange.parse("bytes=99999999999999999999-", 1000));
    }

    @Test
    void rangesBeyondTheEndAreNotSatisfiable() {
        assertThrows(ByteRange.NotSatisfiableException.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.NotSatisfiableException.class, () -> ByteRange.parse("bytes=1000-1200", 1000));
        assertThrows(ByteRange.NotSatisfiableException.class, () -> ByteRange.parse("bytes=-0", 1000));
        assertThrows(ByteRange.NotSatisfiableException.class, () -> ByteRange.parse("bytes=0-", 0));
    }
}
