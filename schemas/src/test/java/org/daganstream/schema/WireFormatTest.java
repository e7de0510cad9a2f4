package org.daganstream.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves the bytes are the documented format by reading them without this module's code:
 * plain Avro, the .avsc file, and the single-object header layout.
 */
class WireFormatTest {

  @TestFactory
  Stream<DynamicTest> plainAvroReadsEveryEncodedRecord() {
    return SampleRecords.all().stream().map(record -> DynamicTest.dynamicTest(
        record.getSchema().getName(), () -> assertPlainAvroReads(record)));
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> void assertPlainAvroReads(T record) throws IOException {
    WireCodec<T> codec = WireCodecs.forType((Class<T>) record.getClass());
    byte[] bytes = codec.encode(record);
    Schema fromFile = ContractSources.current(record.getSchema().getName());

    assertArrayEquals(new byte[] {(byte) 0xC3, 0x01}, Arrays.copyOfRange(bytes, 0, 2), "magic");
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(SchemaNormalization.parsingFingerprint64(fromFile), fingerprint,
        "header fingerprint must be CRC-64-AVRO of the .avsc's parsing canonical form");

    BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null);
    GenericRecord generic = new GenericDatumReader<GenericRecord>(fromFile).read(null, body);
    assertTrue(body.isEnd(), "the body must hold exactly one record");

    // Same values, compared structurally so no Avro code decides what "equal" means.
    assertEquals(plain(record), plain(generic));
    assertEquals(record, codec.decode(bytes), "round trip through the codec");
  }

  /** Records to field maps, timestamps to epoch millis, enums and strings to String, bytes to hex. */
  private static Object plain(Object value) {
    if (value instanceof IndexedRecord record) {
      Map<String, Object> fields = new TreeMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        fields.put(field.name(), plain(record.get(field.pos())));
      }
      return fields;
    }
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(k.toString(), plain(v)));
      return copy;
    }
    if (value instanceof Collection<?> items) {
      return items.stream().map(WireFormatTest::plain).toList();
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return HexFormat.of().formatHex(bytes);
    }
    return value;
  }
}
