package org.daganstream.common.kafka;

import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.daganstream.schema.WireCodec;
import org.daganstream.schema.WireCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes consumed {@code byte[]} values without ever throwing: a record that does not decode becomes a
 * {@link Decoded.Malformed} (logged once at WARN and counted in {@code dagan.records.malformed}) so the consume loop
 * can dead-letter it, commit, and go on to the next record. Thread-safe.
 */
public final class RecordDecoder<T extends SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);
    public static final String MALFORMED_METRIC = "dagan.records.malformed";

    private final WireCodec<T> codec;
    private final MeterRegistry registry;

    private RecordDecoder(WireCodec<T> codec, MeterRegistry registry) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.registry = registry;
    }

    public static <T extends SpecificRecord> RecordDecoder<T> of(WireCodec<T> codec) {
        return new RecordDecoder<>(codec, null);
    }

    public static <T extends SpecificRecord> RecordDecoder<T> forType(Class<T> type) {
        return new RecordDecoder<>(WireCodecs.forType(type), null);
    }

    /** Also counts malformed records in {@code registry}, tagged by topic and record type. */
    public RecordDecoder<T> withMetrics(MeterRegistry meterRegistry) {
        return new RecordDecoder<>(codec, meterRegistry);
    }

    public Decoded<T> decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return new Decoded.Tombstone<>(record);
        }
        try {
            return new Decoded.Ok<>(record, codec.decode(record.value()));
        } catch (RuntimeException e) {
            String reason = e.getMessage() + " at " + position(record);
            LOG.warn("skipping malformed record: {}", reason);
            if (registry != null) {
                Counter.builder(MALFORMED_METRIC)
                        .description("Consumed records that did not decode and were skipped")
                        .tag("topic", record.topic())
                        .tag("type", codec.type().getSimpleName())
                        .register(registry)
                        .increment();
            }
            return new Decoded.Malformed<>(record, reason, e);
        }
    }

    /** {@code topic-partition@offset key=...}, used in every message about a record. */
    public static String position(ConsumerRecord<String, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset() + " key=" + record.key();
    }
}
