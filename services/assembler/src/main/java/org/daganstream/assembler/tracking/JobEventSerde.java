package org.daganstream.assembler.tracking;

import java.util.Arrays;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link JobEvent} on the assembler's repartition topic: one tag byte, then the original record bytes. */
public final class JobEventSerde implements Serde<JobEvent> {

    @Override
    public Serializer<JobEvent> serializer() {
        return (topic, event) -> {
            if (event == null) {
                return null;
            }
            byte[] out = new byte[event.payload().length + 1];
            out[0] = event.kind().tag;
            System.arraycopy(event.payload(), 0, out, 1, event.payload().length);
            return out;
        };
    }

    @Override
    public Deserializer<JobEvent> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < 1) {
                throw new SerializationException("empty job event on " + topic);
            }
            try {
                return new JobEvent(JobEvent.Kind.ofTag(bytes[0]), Arrays.copyOfRange(bytes, 1, bytes.length));
            } catch (IllegalArgumentException e) {
                throw new SerializationException(e.getMessage() + " on " + topic, e);
            }
        };
    }
}
