package org.daganstream.common.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void shapeMustMatchData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5 elements") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[0], -1, 0));
    }

    @Test
    void indexingIsRowMajor() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5f, t.get(1, 2));
        assertEquals(3f, t.get(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertArrayEquals(new long[] {2, 3}, t.longShape());
    }

    @Test
    void batchStackAndSliceAreInverse() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor b = Tensor.of(new float[] {4, 5, 6}, 3);
        Tensor batch = Tensor.stack(List.of(a, b));
        assertArrayEquals(new int[] {2, 3}, batch.shape());
        assertEquals(a, batch.slice(0));
        assertEquals(b, batch.slice(1));
        assertArrayEquals(new int[] {1, 3}, a.withBatchAxis().shape());
        assertSame(a.data(), a.withBatchAxis().data(), "adding the batch axis does not copy");
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(a, Tensor.zeros(2))));
    }
}
