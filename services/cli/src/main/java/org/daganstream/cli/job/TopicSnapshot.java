package org.daganstream.cli.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;

/**
 * Reads a whole topic as it is now (from the beginning to the end offsets taken at the start), without a consumer
 * group: nothing is committed and no service's consumption is affected.
 */
public final class TopicSnapshot {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicSnapshot() {
    }

    /** Hands every record of {@code topic} to {@code sink}, partition by partition in offset order. */
    public static void read(DaganConfig config, String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(config, null, "dagan-cli-read")) {
            List<TopicPartition> partitions = JobWatcher.partitionsOf(consumer, topic, config);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), TIMEOUT) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    sink.accept(record);
                }
            }
        }
    }
}
