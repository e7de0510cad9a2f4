package org.daganstream.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.daganstream.common.Topics;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private final DaganConfig config = DaganConfig.builder()
            .env(Map.of(
                    "DAGAN_KAFKA_BOOTSTRAP_SERVERS", "b1:9092,b2:9092",
                    "DAGAN_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "DAGAN_KAFKA_COMPRESSION_TYPE", "zstd",
                    "DAGAN_KAFKA_CONSUMER_MAX_POLL_RECORDS", "8",
                    "DAGAN_KAFKA_PRODUCER_LINGER_MS", "20"))
            .build();

    @Test
    void producerHasSafeDefaultsAndUserOverrides() {
        Map<String, Object> p = KafkaClients.producerProperties(config, "depth-worker");
        assertEquals("all", p.get("acks"));
        assertEquals("true", p.get("enable.idempotence"));
        assertEquals("zstd", p.get("compression.type"), "kafka.* overrides the default");
        assertEquals("20", p.get("linger.ms"), "kafka.producer.* overrides for producers only");
        assertEquals("b1:9092,b2:9092", p.get("bootstrap.servers"));
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("depth-worker", p.get("client.id"));
        assertFalse(p.containsKey("consumer.max.poll.records"), "role sections do not leak as keys");
        assertFalse(p.containsKey("max.poll.records"));
    }

    @Test
    void consumerHasManualCommitsReadCommittedAndBoundedPolls() {
        Map<String, Object> c = KafkaClients.consumerProperties(config, "depth", "depth-1");
        assertEquals("false", c.get("enable.auto.commit"));
        assertEquals("earliest", c.get("auto.offset.reset"));
        assertEquals("read_committed", c.get("isolation.level"));
        assertEquals("8", c.get("max.poll.records"));
        assertEquals("depth", c.get("group.id"));
        assertFalse(c.containsKey("linger.ms"));
        Map<String, Object> defaults = KafkaClients.consumerProperties(
                DaganConfig.of(Map.of("kafka.bootstrap.servers", "b:9092")), "g", null);
        assertEquals("100", defaults.get("max.poll.records"));
    }

    @Test
    void streamsDefaultToExactlyOnce() {
        Map<String, Object> s = KafkaClients.streamsProperties(config, "dagan-motion");
        assertEquals("exactly_once_v2", s.get("processing.guarantee"));
        assertEquals("dagan-motion", s.get("application.id"));
        assertEquals("zstd", s.get("compression.type"));
    }

    @Test
    void missingBootstrapServersIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> KafkaClients.producerProperties(DaganConfig.empty(), "x"));
        assertTrue(e.getMessage().contains("kafka.bootstrap.servers")
                && e.getMessage().contains("DAGAN_KAFKA_BOOTSTRAP_SERVERS"), e.getMessage());
    }

    @Test
    void pipelineTopicsHonourOverridesAndCompaction() {
        DaganConfig c = DaganConfig.of(Map.of("topic.frames.depth", "team-a.depth", "topics.partitions", "3"));
        List<TopicSpec> specs = TopicAdmin.pipelineTopics(c);
        assertEquals(Topics.ALL.size(), specs.size());
        assertTrue(specs.stream().anyMatch(s -> s.name().equals("team-a.depth")));
        assertTrue(specs.stream().noneMatch(s -> s.name().equals(Topics.FRAMES_DEPTH)));
        assertTrue(specs.stream().allMatch(s -> s.partitions() == 3));
        assertEquals(List.of(Topics.JOB_MANIFESTS, Topics.JOB_STATUS),
                specs.stream().filter(TopicSpec::isCompacted).map(TopicSpec::name).toList());
        assertEquals("topic.jobs.status", Topics.overrideKey(Topics.JOB_STATUS));
    }
}
