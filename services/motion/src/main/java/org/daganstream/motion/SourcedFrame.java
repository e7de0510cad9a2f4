package org.daganstream.motion;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.daganstream.avro.FrameDescriptor;

/**
 * A decoded frame plus where it was consumed from and its bytes as they arrived, carried through the by-job
 * repartition topic and the buffer so a frame the stateful step rejects can still be dead-lettered exactly like
 * one rejected on arrival (same partition, offset and original bytes, ready for replay).
 */
public record SourcedFrame(int sourcePartition, long sourceOffset, byte[] originalValue, FrameDescriptor descriptor) {

    /** The frame as it was consumed from {@code topic}, in the shape the shared dead-letter builder takes. */
    ConsumerRecord<String, byte[]> asConsumed(String topic, String key) {
        return new ConsumerRecord<>(topic, sourcePartition, sourceOffset, key, originalValue);
    }
}
