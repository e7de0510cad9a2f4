package org.daganstream.common.kafka;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.Topics;
import org.daganstream.schema.WireCodecs;

/** Builds {@link DeadLetterFrame}s for {@link Topics#FRAMES_DLQ}, keeping the original bytes for replay. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * A dead letter for a record {@code stage} gave up on.
     *
     * @param descriptor the decoded descriptor, or null when the record did not decode
     */
    public static DeadLetterFrame of(String stage, ConsumerRecord<String, byte[]> record, Throwable error,
                                     int attempts, FrameDescriptor descriptor) {
        return of(stage, record, error, attempts, descriptor, Clock.systemUTC().instant());
    }

    static DeadLetterFrame of(String stage, ConsumerRecord<String, byte[]> record, Throwable error,
                              int attempts, FrameDescriptor descriptor, Instant failedAt) {
        return of(stage, record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                error, attempts, descriptor, failedAt);
    }

    /**
     * A dead letter for a record known by its coordinates rather than a {@link ConsumerRecord}, as in a Kafka
     * Streams processor (partition and offset -1 when unknown).
     */
    public static DeadLetterFrame of(String stage, String topic, int partition, long offset, String key,
                                     byte[] value, Throwable error, int attempts, FrameDescriptor descriptor,
                                     Instant failedAt) {
        return DeadLetterFrame.newBuilder()
                .setStage(stage)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setRecordKey(key)
                .setErrorClass(error.getClass().getName())
                .setErrorMessage(error.getMessage())
                .setAttempts(Math.max(1, attempts))
                .setFailedAt(failedAt)
                .setDescriptor(descriptor)
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value.clone()))
                .build();
    }

    /** A dead letter for a record that did not decode (no descriptor, original bytes kept). */
    public static DeadLetterFrame malformed(String stage, Decoded.Malformed<?> malformed) {
        return of(stage, malformed.record(), malformed.error(), 1, null);
    }

    /** The record to publish to {@code dlqTopic}, keyed like the failed record. */
    public static ProducerRecord<String, byte[]> toRecord(String dlqTopic, DeadLetterFrame deadLetter) {
        return new ProducerRecord<>(dlqTopic, deadLetter.getRecordKey(), WireCodecs.DEAD_LETTER_FRAME.encode(deadLetter));
    }
}
