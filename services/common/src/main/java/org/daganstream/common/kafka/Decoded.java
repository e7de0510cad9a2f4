package org.daganstream.common.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Outcome of decoding one consumed record: a value, a malformed record to dead-letter, or a tombstone.
 *
 * <pre>{@code
 * Decoded<FrameDescriptor> d = decoder.decode(rec);
 * if (d instanceof Decoded.Ok<FrameDescriptor> ok) {
 *     process(ok.value());
 * } else if (d instanceof Decoded.Malformed<FrameDescriptor> bad) {
 *     dlq.send(DeadLetters.toRecord(Topics.FRAMES_DLQ, DeadLetters.malformed("depth-worker", bad)));
 * } // a Decoded.Tombstone carries no value
 * consumer.commitSync();
 * }</pre>
 */
public sealed interface Decoded<T> {

    /** The consumed record, bytes as they arrived. */
    ConsumerRecord<String, byte[]> record();

    default boolean isOk() {
        return this instanceof Ok;
    }

    record Ok<T>(ConsumerRecord<String, byte[]> record, T value) implements Decoded<T> {
    }

    /**
     * @param reason one line for logs and the dead-letter record: type, problem, and where it was
     * @param error  the decoding failure
     */
    record Malformed<T>(ConsumerRecord<String, byte[]> record, String reason, RuntimeException error) implements Decoded<T> {
    }

    /** A null value: deletion marker on a compacted topic. */
    record Tombstone<T>(ConsumerRecord<String, byte[]> record) implements Decoded<T> {
    }
}
