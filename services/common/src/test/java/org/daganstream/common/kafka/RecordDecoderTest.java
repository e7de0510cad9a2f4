package org.daganstream.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.testing.SampleRecords;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    private final AvroSerde<FrameDescriptor> serde = AvroSerde.forType(FrameDescriptor.class);

    private static ConsumerRecord<String, byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>("dagan.frames.depth", 2, offset, "job-1/" + offset, value);
    }

    @Test
    void serdeRoundTripsAndKeepsNulls() {
        FrameDescriptor d = SampleRecords.frameDescriptor("job-1", 4);
        assertEquals(d, serde.deserializer().deserialize("t", serde.serializer().serialize("t", d)));
        assertNull(serde.serialize("t", null));
        assertNull(serde.deserialize("t", null));
        assertThrows(MalformedRecordException.class, () -> serde.deserialize("t", new byte[] {1, 2, 3}));
    }

    @Test
    void goodBadAndTombstoneRecordsAreTold() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordDecoder<FrameDescriptor> decoder = RecordDecoder.forType(FrameDescriptor.class).withMetrics(registry);
        FrameDescriptor d = SampleRecords.frameDescriptor("job-1", 4);

        Decoded<FrameDescriptor> ok = decoder.decode(record(1, serde.serialize("t", d)));
        assertEquals(d, assertInstanceOf(Decoded.Ok.class, ok).value());

        byte[] garbage = "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Decoded.Malformed<?> bad = assertInstanceOf(Decoded.Malformed.class, decoder.decode(record(2, garbage)));
        assertTrue(bad.reason().contains("FrameDescriptor") && bad.reason().contains("magic")
                && bad.reason().contains("dagan.frames.depth-2@2 key=job-1/2"), bad.reason());

        assertInstanceOf(Decoded.Tombstone.class, decoder.decode(record(3, null)));
        assertEquals(1.0, registry.get(RecordDecoder.MALFORMED_METRIC).tag("topic", "dagan.frames.depth").counter().count());

        DeadLetterFrame dlq = DeadLetters.malformed("depth-worker", bad);
        assertEquals("dagan.frames.depth", dlq.getSourceTopic());
        assertEquals(2, dlq.getSourcePartition());
        assertEquals(2L, dlq.getSourceOffset());
        assertEquals("job-1/2", dlq.getRecordKey());
        assertNull(dlq.getDescriptor());
        assertEquals(MalformedRecordException.class.getName(), dlq.getErrorClass());
        byte[] original = new byte[dlq.getOriginalValue().remaining()];
        dlq.getOriginalValue().duplicate().get(original);
        assertArrayEquals(garbage, original);
        // and it encodes on the DLQ topic
        assertEquals(dlq, WireCodecs.DEAD_LETTER_FRAME.decode(DeadLetters.toRecord("dagan.frames.dlq", dlq).value()));
    }
}
