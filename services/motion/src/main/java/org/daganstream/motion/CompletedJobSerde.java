package org.daganstream.motion;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link CompletedJob} as a format byte and two longs. */
public final class CompletedJobSerde implements Serde<CompletedJob> {

    private static final byte FORMAT_V1 = 1;
    private static final int LENGTH = 1 + 2 * Long.BYTES;

    @Override
    public Serializer<CompletedJob> serializer() {
        return (topic, job) -> job == null ? null : ByteBuffer.allocate(LENGTH).put(FORMAT_V1)
                .putLong(job.completedAtMs()).putLong(job.latestIngestMs()).array();
    }

    @Override
    public Deserializer<CompletedJob> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != LENGTH || bytes[0] != FORMAT_V1) {
                throw new SerializationException("not a completed-job marker (" + bytes.length + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
            return new CompletedJob(buffer.getLong(), buffer.getLong());
        };
    }
}
