package org.daganstream.common.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.daganstream.common.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    private static Tensor ramp(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = i * 0.5f - 3.25f;
        }
        return t;
    }

    @Test
    void float32RoundTrip() {
        Tensor t = ramp(3, 4, 5);
        byte[] npy = Npy.write(t);
        assertEquals(0, (npy.length - 3 * 4 * 5 * 4) % 64, "header padded to 64 bytes like NumPy");
        Tensor back = Npy.readFloat32(npy);
        assertEquals(t, back);
        assertArrayEquals(new int[] {3, 4, 5}, back.shape());
        assertEquals(Npy.DType.FLOAT32, Npy.header(npy).dtype());
    }

    @Test
    void uint8AndEdgeShapesRoundTrip() {
        byte[] raw = {0, 1, (byte) 200, (byte) 255, 7, 9};
        ByteTensor u8 = ByteTensor.of(raw, 2, 3);
        ByteTensor back = Npy.readUInt8(Npy.write(u8));
        assertEquals(u8, back);
        assertEquals(255, back.get(1, 0));
        assertEquals(200f / 255f, back.toFloat(1 / 255f).get(0, 2), 1e-7);

        Tensor scalar = Tensor.of(new float[] {4.5f});
        assertEquals(scalar, Npy.readFloat32(Npy.write(scalar)));
        Tensor vector = Tensor.of(new float[] {1, 2, 3}, 3);
        assertEquals(vector, Npy.readFloat32(Npy.write(vector)));
        Tensor empty = Tensor.zeros(0, 3);
        assertEquals(empty, Npy.readFloat32(Npy.write(empty)));
    }

    @Test
    void readsWhatNumpyWrites() throws IOException {
        Python.assumeNumpy();
        Path f32 = dir.resolve("f32.npy");
        Path u8 = dir.resolve("u8.npy");
        Path v2 = dir.resolve("v2.npy");
        Python.run("""
                import sys, numpy as np
                a = (np.arange(2*3*4, dtype=np.float32).reshape(2, 3, 4) / 7 - 1)
                np.save(sys.argv[1], a)
                np.save(sys.argv[2], (np.arange(12) * 21 % 256).astype(np.uint8).reshape(3, 4))
                from numpy.lib import format as fmt
                with open(sys.argv[3], 'wb') as f:
                    fmt.write_array(f, np.array([[1.5, -2.0]], dtype=np.float32), version=(2, 0))
                """, f32.toString(), u8.toString(), v2.toString());

        Tensor a = Npy.readFloat32(f32);
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(i / 7f - 1f, a.data()[i], 1e-6, "element " + i);
        }
        ByteTensor b = Npy.readUInt8(u8);
        assertArrayEquals(new int[] {3, 4}, b.shape());
        assertEquals(11 * 21 % 256, b.get(2, 3));
        Tensor c = Npy.readFloat32(v2);
        assertArrayEquals(new float[] {1.5f, -2.0f}, c.data());
        assertEquals(2, Files.readAllBytes(v2)[6], "file really is format version 2");
    }

    @Test
    void numpyReadsWhatWeWrite() throws IOException {
        Python.assumeNumpy();
        Path out = dir.resolve("ours.npy");
        Npy.write(ramp(2, 5), out);
        Path u8 = dir.resolve("ours-u8.npy");
        Npy.write(ByteTensor.of(new byte[] {3, (byte) 250}, 2), u8);
        String printed = Python.run("""
                import sys, numpy as np
                a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
                assert a.dtype == np.float32 and a.flags['C_CONTIGUOUS'], a.dtype
                expected = np.arange(10, dtype=np.float32).reshape(2, 5) * 0.5 - 3.25
                assert np.array_equal(a, expected), a
                assert b.dtype == np.uint8 and b.tolist() == [3, 250], b
                print(a.shape, b.shape)
                """, out.toString(), u8.toString());
        assertEquals("(2, 5) (2,)", printed.trim());
    }

    private static byte[] withHeader(String dict, byte[] data) {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + header.length + data.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1;
        out[8] = (byte) (header.length & 0xFF);
        out[9] = (byte) (header.length >> 8);
        System.arraycopy(header, 0, out, 10, header.length);
        System.arraycopy(data, 0, out, 10 + header.length, data.length);
        return out;
    }

    @Test
    void unsupportedInputsGiveClearErrors() {
        NpyFormatException dtype = assertThrows(NpyFormatException.class, () -> Npy.readFloat32(
                withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", new byte[16])));
        assertTrue(dtype.getMessage().contains("'<f8'") && dtype.getMessage().contains("<f4"), dtype.getMessage());

        NpyFormatException fortran = assertThrows(NpyFormatException.class, () -> Npy.readFloat32(
                withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16])));
        assertTrue(fortran.getMessage().contains("Fortran"), fortran.getMessage());

        byte[] full = Npy.write(ramp(4, 4));
        NpyFormatException truncated = assertThrows(NpyFormatException.class,
                () -> Npy.readFloat32(Arrays.copyOf(full, full.length - 3)));
        assertTrue(truncated.getMessage().contains("truncated") && truncated.getMessage().contains("64 bytes"),
                truncated.getMessage());

        NpyFormatException trailing = assertThrows(NpyFormatException.class,
                () -> Npy.readFloat32(Arrays.copyOf(full, full.length + 4)));
        assertTrue(trailing.getMessage().contains("trailing"), trailing.getMessage());

        NpyFormatException magic = assertThrows(NpyFormatException.class,
                () -> Npy.readFloat32("PK\u0003\u0004 not numpy".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(magic.getMessage().contains("magic"), magic.getMessage());

        NpyFormatException wrongType = assertThrows(NpyFormatException.class,
                () -> Npy.readUInt8(full));
        assertTrue(wrongType.getMessage().contains("<f4 [4, 4]") && wrongType.getMessage().contains("|u1"),
                wrongType.getMessage());

        NpyFormatException structured = assertThrows(NpyFormatException.class, () -> Npy.readFloat32(
                withHeader("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4])));
        assertTrue(structured.getMessage().contains("structured"), structured.getMessage());
    }

    @Test
    void bigEndianFloatsAreReadCorrectly() {
        byte[] data = java.nio.ByteBuffer.allocate(8).putFloat(1.25f).putFloat(-8f).array();
        Tensor t = Npy.readFloat32(withHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data));
        assertArrayEquals(new float[] {1.25f, -8f}, t.data());
    }

    @Test
    void fileErrorsNameTheFile() {
        Path missing = dir.resolve("missing.npy");
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readFloat32(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
