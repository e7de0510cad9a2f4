package org.daganstream.schema;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Walks an Avro binary body along its writer schema without building anything, to reject corrupt
 * bytes before the real decoder sees them.
 *
 * <p>Why: Avro's decoder allocates a string or byte array as large as the length prefix claims, so a
 * few corrupt bytes can demand a gigabyte. Here every length and item count is checked against the
 * bytes actually left in the message.
 */
final class BodyCheck {

  /** Thrown for bytes that cannot be a valid body of the writer schema. */
  static final class CorruptBodyException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptBodyException(String message) {
      super(message);
    }
  }

  private final ByteArrayInputStream in;
  private final BinaryDecoder decoder;

  private BodyCheck(byte[] bytes, int offset, int length) {
    this.in = new ByteArrayInputStream(bytes, offset, length);
    // Direct (unbuffered) so in.available() is exactly what is left to read.
    this.decoder = DecoderFactory.get().directBinaryDecoder(in, null);
  }

  /**
   * Checks that {@code bytes[offset, offset+length)} starts with one datum of {@code writer}.
   *
   * @return how many bytes follow the datum (0 for a well-formed message)
   * @throws EOFException when the body ends early
   * @throws CorruptBodyException when a length, count or index is impossible
   */
  static int verify(Schema writer, byte[] bytes, int offset, int length) throws IOException, CorruptBodyException {
    BodyCheck check = new BodyCheck(bytes, offset, length);
    check.walk(writer, writer.getName());
    return check.in.available();
  }

  private void walk(Schema schema, String path) throws IOException, CorruptBodyException {
    switch (schema.getType()) {
      case RECORD -> {
        for (Schema.Field field : schema.getFields()) {
          walk(field.schema(), path + "." + field.name());
        }
      }
      case ENUM -> index(decoder.readEnum(), schema.getEnumSymbols().size(), "enum symbol", path);
      case UNION -> {
        int branch = index(decoder.readIndex(), schema.getTypes().size(), "union branch", path);
        walk(schema.getTypes().get(branch), path);
      }
      case ARRAY -> {
        for (long n = decoder.readArrayStart(); n != 0; n = decoder.arrayNext()) {
          items(n, schema.getElementType(), path);
          for (long i = 0; i < n; i++) {
            walk(schema.getElementType(), path + "[]");
          }
        }
      }
      case MAP -> {
        for (long n = decoder.readMapStart(); n != 0; n = decoder.mapNext()) {
          items(n, null, path); // every entry holds at least its key's length byte
          for (long i = 0; i < n; i++) {
            skipSized(path + " key");
            walk(schema.getValueType(), path + "{}");
          }
        }
      }
      case STRING, BYTES -> skipSized(path);
      case FIXED -> skip(schema.getFixedSize(), path);
      case INT -> decoder.readInt();
      case LONG -> decoder.readLong();
      case FLOAT -> decoder.readFloat();
      case DOUBLE -> decoder.readDouble();
      case BOOLEAN -> decoder.readBoolean();
      case NULL -> decoder.readNull();
      default -> throw new IllegalStateException("Unexpected schema type " + schema.getType() + " at " + path);
    }
  }

  private void skipSized(String path) throws IOException, CorruptBodyException {
    skip(decoder.readLong(), path);
  }

  private void skip(long length, String path) throws IOException, CorruptBodyException {
    if (length < 0 || length > in.available()) {
      throw new CorruptBodyException("length " + length + " at " + path + " but " + in.available() + " bytes left");
    }
    decoder.skipFixed((int) length);
  }

  /** A block of {@code count} items cannot claim more items than bytes left, unless items may take no bytes. */
  private void items(long count, Schema element, String path) throws CorruptBodyException {
    boolean eachTakesAByte = element == null || !mayBeEmpty(element);
    if (count < 0 || (eachTakesAByte && count > in.available())) {
      throw new CorruptBodyException("block of " + count + " items at " + path + " but " + in.available()
          + " bytes left");
    }
  }

  private static int index(int value, int size, String what, String path) throws CorruptBodyException {
    if (value < 0 || value >= size) {
      throw new CorruptBodyException(what + " " + value + " at " + path + " is out of range 0.." + (size - 1));
    }
    return value;
  }

  /** True when a value of {@code schema} can be encoded in zero bytes. */
  private static boolean mayBeEmpty(Schema schema) {
    return switch (schema.getType()) {
      case NULL -> true;
      case FIXED -> schema.getFixedSize() == 0;
      case RECORD -> schema.getFields().stream().allMatch(f -> mayBeEmpty(f.schema()));
      default -> false;
    };
  }
}
