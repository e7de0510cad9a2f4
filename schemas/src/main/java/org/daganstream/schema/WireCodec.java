package org.daganstream.schema;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.daganstream.schema.MalformedRecordException.Problem;

/**
 * Encodes and decodes one record type in Avro single-object encoding: {@code C3 01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, then the
 * Avro binary body.
 *
 * <p>The decoder knows the current schema and every historical writer schema of the record (see
 * {@link SchemaHistory}), so messages written by older producers still decode into the current class.
 * Instances are immutable and thread-safe; obtain them from {@link WireCodecs}.
 */
public final class WireCodec<T extends SpecificRecord> {

  /** First two bytes of every single-object encoded message. */
  public static final byte[] MAGIC = {(byte) 0xC3, (byte) 0x01};
  /** Magic plus 8-byte fingerprint. */
  public static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final String recordName;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  /** Fingerprint to the schema that wrote it, for checks and error messages. */
  private final Map<Long, Schema> writerSchemas;
  private final List<SchemaHistory.Version> history;

  /** Codec for {@code type} whose decoder also accepts the writer schemas in {@code history}. */
  public WireCodec(Class<T> type, List<SchemaHistory.Version> history) {
    AvroTrust.install();
    this.type = Objects.requireNonNull(type, "type");
    // The generated class's own model carries its logical-type conversions (timestamps as Instant).
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.recordName = schema.getName();
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    Map<Long, Schema> known = new HashMap<>();
    known.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    for (SchemaHistory.Version version : history) {
      if (!recordName.equals(version.schema().getName())) {
        throw new IllegalArgumentException(version.resource() + " defines " + version.schema().getFullName()
            + ", expected a version of " + schema.getFullName());
      }
      decoder.addSchema(version.schema());
      known.put(SchemaNormalization.parsingFingerprint64(version.schema()), version.schema());
    }
    this.writerSchemas = Collections.unmodifiableMap(known);
    this.history = List.copyOf(history);
  }

  /** Codec for {@code type} with the history found on the class path next to this class. */
  public static <T extends SpecificRecord> WireCodec<T> withClasspathHistory(Class<T> type) {
    String name = SpecificData.getForClass(type).getSchema(type).getName();
    return new WireCodec<>(type, SchemaHistory.load(name, WireCodec.class.getClassLoader()));
  }

  /** Single-object encoding of {@code record} with the current schema. */
  public byte[] encode(T record) {
    Objects.requireNonNull(record, () -> "Cannot encode a null " + recordName);
    ByteBuffer buffer;
    try {
      buffer = encoder.encode(record);
    } catch (IOException | RuntimeException e) {
      // Typically a required field left null after using setters instead of the builder.
      throw new IllegalArgumentException("Cannot encode " + recordName + ": " + e.getMessage(), e);
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /**
   * Decodes a message written with the current or any historical schema into the current class.
   *
   * @throws MalformedRecordException when the bytes are empty, truncated, not single-object encoded,
   *     written with an unknown schema, or do not follow their schema
   */
  public T decode(byte[] bytes) {
    int length = bytes == null ? 0 : bytes.length;
    if (length == 0) {
      throw malformed(Problem.EMPTY, 0, "expected a " + HEADER_LENGTH + "-byte header and a body", null);
    }
    if (bytes[0] != MAGIC[0] || (length > 1 && bytes[1] != MAGIC[1])) {
      throw malformed(Problem.BAD_MAGIC, length,
          String.format("starts with 0x%02X%s, expected 0xC3 0x01", bytes[0],
              length > 1 ? String.format(" 0x%02X", bytes[1]) : ""), null);
    }
    if (length < HEADER_LENGTH) {
      throw malformed(Problem.TRUNCATED, length, "the header alone needs " + HEADER_LENGTH + " bytes", null);
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (!writerSchemas.containsKey(fingerprint)) {
      throw malformed(Problem.UNKNOWN_FINGERPRINT, length, String.format(
          "0x%016X is neither the current schema nor one of %d historical versions (written by a newer producer?)",
          fingerprint, history.size()), null);
    }
    int trailing;
    try {
      trailing = BodyCheck.verify(writerSchemas.get(fingerprint), bytes, HEADER_LENGTH, length - HEADER_LENGTH);
    } catch (EOFException e) {
      throw malformed(Problem.TRUNCATED, length, "the body ends inside the record", e);
    } catch (BodyCheck.CorruptBodyException e) {
      throw malformed(Problem.CORRUPT_BODY, length, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw malformed(Problem.CORRUPT_BODY, length, describe(e), e);
    }
    if (trailing > 0) {
      throw malformed(Problem.TRAILING_BYTES, length, trailing + " bytes left after the record", null);
    }
    T record;
    try {
      record = decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      // The body passed the structural check, so this is a value the schema resolution rejects.
      throw malformed(Problem.CORRUPT_BODY, length, describe(e), e);
    }
    return record;
  }

  /** The record class this codec produces. */
  public Class<T> type() {
    return type;
  }

  /** The current (reader and writer) schema. */
  public Schema schema() {
    return schema;
  }

  /** Fingerprints this codec decodes, each mapped to its writer schema (current one included). */
  public Map<Long, Schema> writerSchemas() {
    return writerSchemas;
  }

  /** The historical versions registered with the decoder, oldest first. */
  public List<SchemaHistory.Version> history() {
    return history;
  }

  private MalformedRecordException malformed(Problem problem, int length, String detail, Throwable cause) {
    return new MalformedRecordException(recordName, problem, length, detail, cause);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public String toString() {
    return "WireCodec[" + recordName + ", " + writerSchemas.size() + " writer schemas]";
  }
}
