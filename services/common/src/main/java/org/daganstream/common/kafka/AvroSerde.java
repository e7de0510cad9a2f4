package org.daganstream.common.kafka;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodec;
import org.daganstream.schema.WireCodecs;

/**
 * Kafka serde for one Avro record type in single-object encoding (schema fingerprint in every message, no
 * registry). Null stays null in both directions (tombstones on compacted topics). Bad bytes throw
 * {@link MalformedRecordException}; plain consumers that must survive them read {@code byte[]} and use
 * {@link RecordDecoder} instead. Stateless and thread-safe.
 *
 * <pre>{@code
 * Serde<FrameDescriptor> serde = AvroSerde.forType(FrameDescriptor.class);
 * }</pre>
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final WireCodec<T> codec;

    private AvroSerde(WireCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(WireCodec<T> codec) {
        return new AvroSerde<>(codec);
    }

    /** Serde using the shared codec of {@code type} (with its schema history). */
    public static <T extends SpecificRecord> AvroSerde<T> forType(Class<T> type) {
        return new AvroSerde<>(WireCodecs.forType(type));
    }

    public WireCodec<T> codec() {
        return codec;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        return record == null ? null : codec.encode(record);
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        return bytes == null ? null : codec.decode(bytes);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the codec carries every schema
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public String toString() {
        return "AvroSerde[" + codec.type().getSimpleName() + "]";
    }
}
