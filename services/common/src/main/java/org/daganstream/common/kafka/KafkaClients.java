package org.daganstream.common.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.daganstream.common.config.DaganConfig;

/**
 * Kafka client settings from {@link DaganConfig}, layered: safe defaults &lt; {@code kafka.*} (every client) &lt;
 * {@code kafka.producer.*} / {@code kafka.consumer.*} / {@code kafka.admin.*} / {@code kafka.streams.*} (one
 * client type) &lt; what the caller passes (client id, group id). Any Kafka client setting passes through, e.g.
 * {@code DAGAN_KAFKA_SECURITY_PROTOCOL=SASL_SSL}, {@code DAGAN_KAFKA_CONSUMER_MAX_POLL_RECORDS=16}.
 *
 * <p>Defaults: producer idempotent with {@code acks=all}, lz4 compression, {@code linger.ms=5}; consumer with
 * manual commits, {@code auto.offset.reset=earliest}, {@code isolation.level=read_committed},
 * {@code max.poll.records=100}; streams {@code exactly_once_v2}. Keys are strings, values bytes unless a
 * serializer is given.
 */
public final class KafkaClients {

    public static final String PREFIX = "kafka.";
    public static final String BOOTSTRAP = PREFIX + "bootstrap.servers";
    private static final List<String> ROLES = List.of("producer.", "consumer.", "admin.", "streams.");

    private KafkaClients() {
    }

    public static Map<String, Object> producerProperties(DaganConfig config, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return layered(config, "producer.", p, clientId);
    }

    public static Map<String, Object> consumerProperties(DaganConfig config, String groupId, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Object> props = layered(config, "consumer.", p, clientId);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return props;
    }

    public static Map<String, Object> adminProperties(DaganConfig config, String clientId) {
        return layered(config, "admin.", new HashMap<>(), clientId);
    }

    /**
     * Kafka Streams settings (plain string keys, so this module needs no Streams dependency): exactly-once v2 by
     * default, overridable through {@code kafka.streams.*}.
     */
    public static Map<String, Object> streamsProperties(DaganConfig config, String applicationId) {
        Map<String, Object> p = new HashMap<>();
        p.put("processing.guarantee", "exactly_once_v2");
        Map<String, Object> props = layered(config, "streams.", p, null);
        props.put("application.id", applicationId);
        return props;
    }

    public static KafkaProducer<String, byte[]> producer(DaganConfig config, String clientId) {
        return new KafkaProducer<>(producerProperties(config, clientId), new StringSerializer(), new ByteArraySerializer());
    }

    public static <V> KafkaProducer<String, V> producer(DaganConfig config, String clientId, Serializer<V> values) {
        return new KafkaProducer<>(producerProperties(config, clientId), new StringSerializer(), values);
    }

    public static KafkaConsumer<String, byte[]> consumer(DaganConfig config, String groupId, String clientId) {
        return new KafkaConsumer<>(consumerProperties(config, groupId, clientId),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static <V> KafkaConsumer<String, V> consumer(DaganConfig config, String groupId, String clientId,
                                                        Deserializer<V> values) {
        return new KafkaConsumer<>(consumerProperties(config, groupId, clientId), new StringDeserializer(), values);
    }

    public static Admin admin(DaganConfig config, String clientId) {
        return Admin.create(adminProperties(config, clientId));
    }

    /** defaults &lt; kafka.* (without role sections) &lt; kafka.{role}* ; bootstrap servers required. */
    private static Map<String, Object> layered(DaganConfig config, String role, Map<String, Object> defaults,
                                               String clientId) {
        config.required(BOOTSTRAP);
        Map<String, Object> props = new HashMap<>(defaults);
        if (clientId != null) {
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        }
        config.withPrefix(PREFIX).forEach((k, v) -> {
            if (ROLES.stream().noneMatch(k::startsWith)) {
                props.put(k, v);
            }
        });
        props.putAll(config.withPrefix(PREFIX + role));
        return props;
    }
}
