package org.daganstream.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;

/**
 * Reads topics from the beginning with {@code read_committed} (as downstream stages do) and keeps every record,
 * so tests can wait for a condition and then look at what was published.
 */
final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    TopicRecorder(DaganConfig config, List<String> topics) {
        consumer = KafkaClients.consumer(config, "test-recorder-" + UUID.randomUUID(), "test-recorder");
        consumer.subscribe(topics);
    }

    /** Polls until {@code condition} holds over everything recorded so far, or fails after {@code timeout}. */
    List<ConsumerRecord<String, byte[]>> awaitUntil(Predicate<List<ConsumerRecord<String, byte[]>>> condition,
                                                    Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; recorded "
                        + records.size() + " records: " + summary());
            }
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** Keeps polling for {@code quiet}, for checks that nothing more arrives. */
    List<ConsumerRecord<String, byte[]>> settle(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    List<ConsumerRecord<String, byte[]>> on(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private String summary() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        records.forEach(r -> counts.merge(r.topic() + " " + r.key(), 1L, Long::sum));
        return counts.toString();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
