package org.daganstream.motion;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodec;
import org.daganstream.schema.WireCodecs;

/**
 * Internal wire form of {@link SourcedFrame} (repartition topic and buffer store): a format byte, the source
 * partition (int) and offset (long), then the original record value (a single-object encoded descriptor), which
 * is decoded again on read.
 */
public final class SourcedFrameSerde implements Serde<SourcedFrame> {

    private static final byte FORMAT_V1 = 1;
    private static final int HEADER = 1 + Integer.BYTES + Long.BYTES;
    private static final WireCodec<FrameDescriptor> CODEC = WireCodecs.FRAME_DESCRIPTOR;

    @Override
    public Serializer<SourcedFrame> serializer() {
        return (topic, frame) -> frame == null ? null : write(frame);
    }

    @Override
    public Deserializer<SourcedFrame> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(SourcedFrame frame) {
        byte[] value = frame.originalValue();
        return ByteBuffer.allocate(HEADER + value.length)
                .put(FORMAT_V1)
                .putInt(frame.sourcePartition())
                .putLong(frame.sourceOffset())
                .put(value)
                .array();
    }

    static SourcedFrame read(byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != FORMAT_V1) {
            throw new SerializationException("not a motion-stage frame envelope (" + bytes.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        int partition = buffer.getInt();
        long offset = buffer.getLong();
        byte[] value = Arrays.copyOfRange(bytes, HEADER, bytes.length);
        try {
            return new SourcedFrame(partition, offset, value, CODEC.decode(value));
        } catch (MalformedRecordException e) {
            throw new SerializationException("motion-stage frame envelope holds a bad descriptor", e);
        }
    }
}
