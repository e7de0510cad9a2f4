package org.daganstream.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.minio.MinioClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka and MinIO clients pointed at an embedded stack. */
final class TestClients {

    private TestClients() {
    }

    static KafkaProducer<String, String> producer(String bootstrapServers, Properties extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        return producer(bootstrapServers, new Properties());
    }

    static KafkaConsumer<String, String> consumer(String bootstrapServers, String group, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code expected} records arrived or the timeout passed; returns what arrived. */
    static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int expected,
                                                          Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    static MinioClient minio(EmbeddedStack stack) {
        return MinioClient.builder()
                .endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region(stack.s3Region())
                .build();
    }
}
