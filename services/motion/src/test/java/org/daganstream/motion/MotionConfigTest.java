package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.Test;

class MotionConfigTest {

    private static final Map<String, String> BROKER = Map.of("kafka.bootstrap.servers", "broker:9092");

    @Test
    void defaultsAreExactlyOnceWithOneHourTtl() {
        MotionConfig config = MotionConfig.from(DaganConfig.of(BROKER));
        assertEquals("dagan.frames.keypoints", config.inputTopic());
        assertEquals("dagan.frames.motion", config.outputTopic());
        assertEquals("dagan.frames.dlq", config.deadLetterTopic());
        assertEquals(Duration.ofHours(1), config.stateTtl());
        assertEquals(Duration.ofMinutes(1), config.ttlCheckInterval());
        assertEquals(0, config.expectedNumKp());
        Properties streams = config.streams();
        assertEquals("dagan-motion", streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(-1, streams.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        assertEquals("broker:9092", streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void environmentOverridesReachStreamsAndStage() {
        DaganConfig config = DaganConfig.builder().defaults(BROKER).env(Map.of(
                "DAGAN_MOTION_STATE_TTL", "90s",
                "DAGAN_MOTION_REPLICATION_FACTOR", "1",
                "DAGAN_KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "1",
                "DAGAN_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "DAGAN_TOPIC_FRAMES_MOTION", "other.motion")).build();
        MotionConfig motion = MotionConfig.from(config);
        assertEquals(Duration.ofSeconds(90), motion.stateTtl());
        assertEquals(Duration.ofSeconds(9), motion.ttlCheckInterval(), "a tenth of a short TTL");
        assertEquals("other.motion", motion.outputTopic());
        assertEquals(1, motion.streams().get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        assertEquals("1", motion.streams().get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals("SASL_SSL", motion.streams().get("security.protocol"));
    }

    @Test
    void badValuesNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> MotionConfig.from(
                DaganConfig.builder().defaults(BROKER).env(Map.of("DAGAN_MOTION_STATE_TTL", "soon")).build()));
        assertTrue(e.getMessage().contains("motion.state.ttl") && e.getMessage().contains("DAGAN_MOTION_STATE_TTL"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> MotionConfig.from(DaganConfig.of(Map.of())));
        assertTrue(e.getMessage().contains("kafka.bootstrap.servers"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> MotionConfig.from(DaganConfig.of(
                Map.of("kafka.bootstrap.servers", "b:1", "motion.replication.factor", "0"))));
        assertTrue(e.getMessage().contains("motion.replication.factor"), e.getMessage());
    }
}
