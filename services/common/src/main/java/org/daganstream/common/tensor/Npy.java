package org.daganstream.common.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1, 2 and 3) holding float32 ({@code <f4}, also
 * big-endian {@code >f4} on read) or uint8 ({@code |u1}) arrays in C order: the format of every tensor blob and
 * test fixture. Anything else (other dtypes, Fortran order, structured arrays, truncated data) is rejected with an
 * {@link NpyFormatException} saying what was found.
 */
public final class Npy {

    /** Element types this project stores. */
    public enum DType {
        FLOAT32("<f4", 4), UINT8("|u1", 1);

        private final String descr;
        private final int itemSize;

        DType(String descr, int itemSize) {
            this.descr = descr;
            this.itemSize = itemSize;
        }

        /** The descr written to files. */
        public String descr() {
            return descr;
        }

        public int itemSize() {
            return itemSize;
        }
    }

    /**
     * A parsed header.
     *
     * @param dtype      element type
     * @param byteOrder  byte order of the data
     * @param shape      dimensions, C order
     * @param dataOffset where the data starts in the file
     */
    public record Header(DType dtype, ByteOrder byteOrder, int[] shape, int dataOffset) {
        public int elementCount() {
            return Shapes.elementCount(shape);
        }

        @Override
        public String toString() {
            return dtype.descr() + " " + Arrays.toString(shape);
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"])([^'\"]*)\\1");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** Parses and validates the header of {@code npy}. */
    public static Header header(byte[] npy) {
        if (npy.length < 10 || !Arrays.equals(Arrays.copyOf(npy, MAGIC.length), MAGIC)) {
            throw new NpyFormatException("not a .npy file: missing the \\x93NUMPY magic (" + npy.length + " bytes)");
        }
        int major = npy[6] & 0xFF;
        ByteBuffer buf = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        switch (major) {
            case 1 -> {
                headerLength = buf.getShort(8) & 0xFFFF;
                headerStart = 10;
            }
            case 2, 3 -> {
                if (npy.length < 12) {
                    throw new NpyFormatException(".npy header truncated: " + npy.length + " bytes");
                }
                long length = buf.getInt(8) & 0xFFFFFFFFL;
                if (length > Integer.MAX_VALUE - 12) {
                    throw new NpyFormatException(".npy header length " + length + " is not plausible");
                }
                headerLength = (int) length;
                headerStart = 12;
            }
            default -> throw new NpyFormatException("unsupported .npy format version " + major + "." + (npy[7] & 0xFF)
                    + " (supported: 1, 2, 3)");
        }
        if ((long) headerStart + headerLength > npy.length) {
            throw new NpyFormatException(".npy header truncated: declares " + headerLength + " bytes, file has "
                    + (npy.length - headerStart) + " after the preamble");
        }
        String header = new String(npy, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseHeader(header, headerStart + headerLength);
    }

    private static Header parseHeader(String header, int dataOffset) {
        Matcher descr = DESCR.matcher(header);
        if (!descr.find()) {
            throw new NpyFormatException("unsupported .npy dtype in header " + header.trim()
                    + " (supported: <f4 float32, |u1 uint8; structured dtypes are not)");
        }
        Matcher fortran = FORTRAN.matcher(header);
        if (!fortran.find()) {
            throw new NpyFormatException(".npy header lacks fortran_order: " + header.trim());
        }
        if (fortran.group(1).equals("True")) {
            throw new NpyFormatException("Fortran-order .npy arrays are not supported (header " + header.trim()
                    + "); save with np.ascontiguousarray(arr)");
        }
        Matcher shape = SHAPE.matcher(header);
        if (!shape.find()) {
            throw new NpyFormatException(".npy header lacks a shape: " + header.trim());
        }
        String d = descr.group(2);
        DType dtype;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        switch (d) {
            case "<f4" -> dtype = DType.FLOAT32;
            case ">f4" -> {
                dtype = DType.FLOAT32;
                order = ByteOrder.BIG_ENDIAN;
            }
            case "|u1", "<u1", ">u1", "u1" -> dtype = DType.UINT8;
            default -> throw new NpyFormatException("unsupported .npy dtype '" + d
                    + "' (supported: <f4 float32, |u1 uint8); convert with arr.astype(np.float32)");
        }
        return new Header(dtype, order, parseShape(shape.group(1), header), dataOffset);
    }

    private static int[] parseShape(String dims, String header) {
        String trimmed = dims.trim();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts = trimmed.split(",");
        int count = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        int[] shape = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                shape[i] = Integer.parseInt(parts[i].trim().replace("L", ""));
                if (shape[i] < 0) {
                    throw new NumberFormatException("negative");
                }
            }
        } catch (NumberFormatException e) {
            throw new NpyFormatException(".npy header has a malformed shape (" + dims + "): " + header.trim(), e);
        }
        return shape;
    }

    /** Reads a float32 array; a uint8 file is rejected (use {@link #readUInt8}). */
    public static Tensor readFloat32(byte[] npy) {
        Header h = header(npy);
        requireDType(h, DType.FLOAT32);
        int count = checkDataLength(npy, h);
        float[] data = new float[count];
        ByteBuffer.wrap(npy, h.dataOffset(), count * 4).order(h.byteOrder()).asFloatBuffer().get(data);
        return Tensor.of(data, h.shape());
    }

    /** Reads a uint8 array; a float32 file is rejected (use {@link #readFloat32}). */
    public static ByteTensor readUInt8(byte[] npy) {
        Header h = header(npy);
        requireDType(h, DType.UINT8);
        int count = checkDataLength(npy, h);
        return ByteTensor.of(Arrays.copyOfRange(npy, h.dataOffset(), h.dataOffset() + count), h.shape());
    }

    public static Tensor readFloat32(Path file) {
        try {
            return readFloat32(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new NpyFormatException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    public static ByteTensor readUInt8(Path file) {
        try {
            return readUInt8(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new NpyFormatException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    private static void requireDType(Header h, DType expected) {
        if (h.dtype() != expected) {
            throw new NpyFormatException(".npy array is " + h + " but " + expected.descr() + " ("
                    + expected.name().toLowerCase(java.util.Locale.ROOT) + ") was expected");
        }
    }

    private static int checkDataLength(byte[] npy, Header h) {
        int count = h.elementCount();
        long expected = (long) count * h.dtype().itemSize();
        long found = (long) npy.length - h.dataOffset();
        if (found < expected) {
            throw new NpyFormatException(".npy data truncated: " + h + " needs " + expected + " bytes, found " + found);
        }
        if (found > expected) {
            throw new NpyFormatException(".npy data has " + (found - expected) + " unexpected trailing bytes after "
                    + h + " (" + expected + " bytes)");
        }
        return count;
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    /** Encodes {@code tensor} as a little-endian float32 {@code .npy} (version 1 unless the header needs 2). */
    public static byte[] write(Tensor tensor) {
        byte[] preamble = preamble(DType.FLOAT32, tensor.shape());
        float[] data = tensor.data();
        byte[] out = Arrays.copyOf(preamble, Math.addExact(preamble.length, Math.multiplyExact(data.length, 4)));
        ByteBuffer.wrap(out, preamble.length, data.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
        return out;
    }

    /** Encodes {@code tensor} as a uint8 {@code .npy}. */
    public static byte[] write(ByteTensor tensor) {
        byte[] preamble = preamble(DType.UINT8, tensor.shape());
        byte[] data = tensor.data();
        byte[] out = Arrays.copyOf(preamble, Math.addExact(preamble.length, data.length));
        System.arraycopy(data, 0, out, preamble.length, data.length);
        return out;
    }

    public static void write(Tensor tensor, Path file) throws IOException {
        Files.write(file, write(tensor));
    }

    public static void write(ByteTensor tensor, Path file) throws IOException {
        Files.write(file, write(tensor));
    }

    /** Magic, version, length and the space-padded header dict, aligned to 64 bytes as NumPy does. */
    private static byte[] preamble(DType dtype, int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int version = dict.length() + 1 + 10 > 65535 ? 2 : 1;
        int fixed = version == 1 ? 10 : 12;
        int padded = ((fixed + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT) * ALIGNMENT;
        int headerLength = padded - fixed;
        StringBuilder header = new StringBuilder(dict);
        while (header.length() < headerLength - 1) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer buf = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            buf.putShort((short) headerLength);
        } else {
            buf.putInt(headerLength);
        }
        buf.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        return buf.array();
    }
}
