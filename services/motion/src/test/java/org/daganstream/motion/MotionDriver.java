package org.daganstream.motion;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.AvroSerde;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.schema.WireCodecs;

/** The real motion topology on a {@link TopologyTestDriver}, with helpers to feed frames and read the results. */
final class MotionDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MotionConfig config;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> input;
    private final TestOutputTopic<String, FrameDescriptor> output;
    private final TestOutputTopic<String, DeadLetterFrame> deadLetters;

    MotionDriver(Path stateDir, Map<String, String> extraConfig) {
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap.servers", "unused:9092");
        values.put("motion.state.dir", stateDir.toString());
        values.put("motion.state.ttl", "10m");
        values.put("motion.state.ttl.check.interval", "1m");
        values.putAll(extraConfig);
        config = MotionConfig.from(DaganConfig.of(values));
        Properties props = config.streams();
        driver = new TopologyTestDriver(MotionTopology.build(config, new MotionMetrics(registry)), props, START);
        input = driver.createInputTopic(Topics.FRAMES_KEYPOINTS, new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(Topics.FRAMES_MOTION, new StringDeserializer(),
                AvroSerde.forType(FrameDescriptor.class));
        deadLetters = driver.createOutputTopic(Topics.FRAMES_DLQ, new StringDeserializer(),
                AvroSerde.forType(DeadLetterFrame.class));
    }

    MotionDriver(Path stateDir) {
        this(stateDir, Map.of());
    }

    void send(FrameDescriptor... frames) {
        for (FrameDescriptor frame : frames) {
            input.pipeInput(FrameKeys.frame(frame.getJobId(), frame.getFrameIndex()),
                    WireCodecs.FRAME_DESCRIPTOR.encode(frame));
        }
    }

    void sendRaw(String key, byte[] value) {
        input.pipeInput(key, value);
    }

    /** Everything emitted to dagan.frames.motion since the last call. */
    List<KeyValue<String, FrameDescriptor>> emitted() {
        return output.readKeyValuesToList();
    }

    List<KeyValue<String, DeadLetterFrame>> deadLetters() {
        return deadLetters.readKeyValuesToList();
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    KeyValueStore<String, JobMotionState> jobs() {
        return driver.getKeyValueStore(MotionTopology.JOBS_STORE);
    }

    List<String> bufferKeys() {
        KeyValueStore<String, SourcedFrame> store = driver.getKeyValueStore(MotionTopology.BUFFER_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, SourcedFrame> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    KeyValueStore<String, CompletedJob> completed() {
        return driver.getKeyValueStore(MotionTopology.COMPLETED_STORE);
    }

    double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        driver.close();
    }

    static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }
}
