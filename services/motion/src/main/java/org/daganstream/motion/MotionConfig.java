package org.daganstream.motion;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.daganstream.common.Topics;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;

/**
 * The motion stage's settings, read from {@link DaganConfig} (keys documented in the module README).
 *
 * @param inputTopic       keypoint descriptors to consume ({@code topic.frames.keypoints})
 * @param outputTopic      normalised descriptors ({@code topic.frames.motion})
 * @param deadLetterTopic  rejected records ({@code topic.frames.dlq})
 * @param stateTtl         a job with no frame for this long is dropped ({@code motion.state.ttl})
 * @param ttlCheckInterval how often idle jobs are looked for ({@code motion.state.ttl.check.interval})
 * @param expectedNumKp    required keypoints per frame, 0 = any consistent count ({@code motion.num.kp})
 * @param streams          Kafka Streams properties
 */
public record MotionConfig(String inputTopic, String outputTopic, String deadLetterTopic, Duration stateTtl,
        Duration ttlCheckInterval, int expectedNumKp, Properties streams) {

    public static final String APPLICATION_ID = "dagan-motion";

    public static MotionConfig from(DaganConfig config) {
        Duration ttl = config.getDuration("motion.state.ttl", Duration.ofHours(1));
        if (ttl.isZero() || ttl.isNegative()) {
            throw new ConfigException("config key motion.state.ttl must be positive, got " + ttl);
        }
        // Look ten times per TTL, at most once a minute: expiry is then at most 10% late.
        Duration tenth = ttl.dividedBy(10);
        Duration defaultCheck = tenth.isZero() ? ttl : tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth
                : Duration.ofMinutes(1);
        Duration check = config.getDuration("motion.state.ttl.check.interval", defaultCheck);
        if (check.isZero() || check.isNegative()) {
            throw new ConfigException("config key motion.state.ttl.check.interval must be positive, got " + check);
        }
        return new MotionConfig(
                Topics.resolve(config, Topics.FRAMES_KEYPOINTS),
                Topics.resolve(config, Topics.FRAMES_MOTION),
                Topics.resolve(config, Topics.FRAMES_DLQ),
                ttl, check,
                config.getInt("motion.num.kp", 0, 0, 10_000),
                streamsProperties(config));
    }

    /**
     * Stage defaults, then the shared Kafka layering ({@code kafka.*} for every client, {@code kafka.streams.*} for
     * Streams only), so any Streams or client setting can be overridden; {@code kafka.bootstrap.servers} is
     * required.
     */
    static Properties streamsProperties(DaganConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // -1 = the broker's default.replication.factor; single-node brokers need 1 (or that broker default).
        int replication = config.getInt("motion.replication.factor", -1, -1, Short.MAX_VALUE);
        if (replication == 0) {
            throw new ConfigException("config key motion.replication.factor must be -1 (broker default) or >= 1, got 0");
        }
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replication);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt("motion.stream.threads", 1, 1, 64));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                config.getDuration("motion.commit.interval", Duration.ofMillis(100)).toMillis());
        config.get("motion.state.dir").ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir));
        props.putAll(KafkaClients.streamsProperties(config, config.get("motion.application.id", APPLICATION_ID)));
        return props;
    }
}
