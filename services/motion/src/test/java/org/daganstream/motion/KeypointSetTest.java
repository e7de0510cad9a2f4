package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeypointSetTest {

    @Test
    void wrongArrayLengthsNameTheExpectedCount() {
        InvalidKeypointsException e = assertThrows(InvalidKeypointsException.class,
                () -> KeypointSet.of(15, new float[28], new float[60]));
        assertTrue(e.getMessage().contains("28") && e.getMessage().contains("30"), e.getMessage());
        e = assertThrows(InvalidKeypointsException.class, () -> KeypointSet.of(15, new float[30], new float[59]));
        assertTrue(e.getMessage().contains("jacobian has 59"), e.getMessage());
        assertThrows(InvalidKeypointsException.class, () -> KeypointSet.of(0, new float[0], new float[0]));
    }

    @Test
    void nonFiniteNumbersAreRejected() {
        float[] value = {0, Float.NaN};
        InvalidKeypointsException e = assertThrows(InvalidKeypointsException.class,
                () -> KeypointSet.of(1, value, new float[] {1, 0, 0, 1}));
        assertTrue(e.getMessage().contains("value[1] is NaN"), e.getMessage());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        float[] value = {0.5f, 0.25f};
        KeypointSet set = KeypointSet.of(1, value, new float[] {1, 0, 0, 1});
        value[0] = 9;
        set.value()[1] = 9;
        assertEquals(0.5f, set.x(0));
        assertEquals(0.25f, set.y(0));
        assertEquals(1f, set.jac(0, 1, 1));
    }
}
