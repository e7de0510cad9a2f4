package org.daganstream.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.testing.Backend;
import org.daganstream.common.testing.SampleRecords;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Serdes, client settings, topic admin and the skip-malformed consume loop over a real broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private DaganConfig config;

    protected abstract Backend backend();

    @BeforeAll
    void createTopics() {
        config = backend().config().with("topics.partitions", "2");
        List<String> created = TopicAdmin.ensureTopics(config, TopicAdmin.pipelineTopics(config));
        assertEquals(Set.copyOf(Topics.ALL), Set.copyOf(created));
    }

    @Test
    void ensureTopicsIsIdempotentAndCompactsTheStateTopics() throws Exception {
        assertEquals(List.of(), TopicAdmin.ensureTopics(config, TopicAdmin.pipelineTopics(config)));
        try (Admin admin = KafkaClients.admin(config, "test-admin")) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
            assertTrue(topics.values().stream().allMatch(t -> t.partitions().size() == 2), topics.toString());
            ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, Topics.JOB_STATUS);
            ConfigResource frames = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FRAMES_DEPTH);
            var configs = admin.describeConfigs(List.of(status, frames)).all().get();
            assertEquals("compact", configs.get(status).get("cleanup.policy").value());
            assertEquals("delete", configs.get(frames).get("cleanup.policy").value());
        }
    }

    @Test
    void everyRecordTypeCrossesTheBrokerWithItsSerde() {
        String job = "job-" + UUID.randomUUID().toString().substring(0, 8);
        roundTrip(Topics.JOBS, job, SampleRecords.jobRequest(job), JobRequest.class);
        roundTrip(Topics.JOB_MANIFESTS, job, SampleRecords.jobManifest(job), JobManifest.class);
        roundTrip(Topics.FRAMES_DEPTH, FrameKeys.frame(job, 2), SampleRecords.frameDescriptor(job, 2), FrameDescriptor.class);
        roundTrip(Topics.FRAMES_DECODED, FrameKeys.source(job), SampleRecords.frameDescriptor(job, -1), FrameDescriptor.class);
        roundTrip(Topics.JOB_STATUS, job, SampleRecords.jobStatus(job), JobStatus.class);
        roundTrip(Topics.REENACTMENTS, job, SampleRecords.reenactment(job), Reenactment.class);
        roundTrip(Topics.FRAMES_DLQ, job + "/2", SampleRecords.deadLetterFrame(job), DeadLetterFrame.class);
    }

    private <T extends SpecificRecord> void roundTrip(String topic, String key, T record, Class<T> type) {
        AvroSerde<T> serde = AvroSerde.forType(type);
        try (KafkaProducer<String, T> producer = KafkaClients.producer(config, "test-producer", serde)) {
            producer.send(new ProducerRecord<>(topic, key, record)).get();
        } catch (Exception e) {
            throw new AssertionError("publishing " + type.getSimpleName() + " failed", e);
        }
        try (KafkaConsumer<String, T> consumer = KafkaClients.consumer(config, null, "test-consumer", serde)) {
            List<ConsumerRecord<String, T>> seen = readAll(consumer, topic, r -> key.equals(r.key()), 1);
            assertEquals(record, seen.get(0).value(), type.getSimpleName() + " changed on the way");
        }
    }

    @Test
    void malformedRecordsAreSkippedDeadLetteredAndTheLoopGoesOn() throws Exception {
        String topic = "it.malformed-" + UUID.randomUUID().toString().substring(0, 8);
        TopicAdmin.ensureTopics(config, List.of(TopicSpec.of(topic, 1)));
        String job = "job-m";
        byte[] good0 = WireCodecs.FRAME_DESCRIPTOR.encode(SampleRecords.frameDescriptor(job, 0));
        byte[] good3 = WireCodecs.FRAME_DESCRIPTOR.encode(SampleRecords.frameDescriptor(job, 3));
        byte[] garbage = "{\"json\": \"not avro\"}".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(good0, good0.length / 2);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, "test-producer")) {
            producer.send(new ProducerRecord<>(topic, FrameKeys.frame(job, 0), good0));
            producer.send(new ProducerRecord<>(topic, FrameKeys.frame(job, 1), garbage));
            producer.send(new ProducerRecord<>(topic, FrameKeys.frame(job, 2), truncated));
            producer.send(new ProducerRecord<>(topic, FrameKeys.frame(job, 3), good3)).get();
        }

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordDecoder<FrameDescriptor> decoder = RecordDecoder.forType(FrameDescriptor.class).withMetrics(registry);
        List<FrameDescriptor> processed = new ArrayList<>();
        List<Decoded.Malformed<FrameDescriptor>> malformed = new ArrayList<>();
        String group = "it-group-" + UUID.randomUUID();
        // A consume loop as a worker writes it: decode, process or dead-letter, commit, continue.
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(config, group, "test-worker");
             KafkaProducer<String, byte[]> dlq = KafkaClients.producer(config, "test-dlq")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (processed.size() + malformed.size() < 4 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                    Decoded<FrameDescriptor> decoded = decoder.decode(rec);
                    if (decoded instanceof Decoded.Ok<FrameDescriptor> ok) {
                        processed.add(ok.value());
                    } else if (decoded instanceof Decoded.Malformed<FrameDescriptor> bad) {
                        malformed.add(bad);
                        dlq.send(DeadLetters.toRecord(Topics.FRAMES_DLQ, DeadLetters.malformed("test-worker", bad))).get();
                    }
                }
                consumer.commitSync();
            }
            assertEquals(4L, consumer.committed(Set.of(new TopicPartition(topic, 0)))
                    .get(new TopicPartition(topic, 0)).offset(), "all four offsets committed, none stuck");
        }

        assertEquals(List.of(0, 3), processed.stream().map(FrameDescriptor::getFrameIndex).toList());
        assertEquals(2, malformed.size());
        assertTrue(malformed.get(0).reason().contains("bad magic") && malformed.get(0).reason().contains(topic + "-0@1"),
                malformed.get(0).reason());
        assertTrue(malformed.get(1).reason().contains("FrameDescriptor") && malformed.get(1).reason().contains(topic + "-0@2"),
                malformed.get(1).reason());
        assertEquals(2.0, registry.get(RecordDecoder.MALFORMED_METRIC).counter().count());

        try (KafkaConsumer<String, DeadLetterFrame> consumer =
                     KafkaClients.consumer(config, null, "test-dlq-reader", AvroSerde.forType(DeadLetterFrame.class))) {
            List<ConsumerRecord<String, DeadLetterFrame>> letters =
                    readAll(consumer, Topics.FRAMES_DLQ, r -> r.value().getSourceTopic().equals(topic), 2);
            Map<Long, DeadLetterFrame> byOffset = letters.stream()
                    .collect(Collectors.toMap(r -> r.value().getSourceOffset(), ConsumerRecord::value));
            DeadLetterFrame first = byOffset.get(1L);
            assertEquals(FrameKeys.frame(job, 1), first.getRecordKey());
            assertNull(first.getDescriptor());
            byte[] original = new byte[first.getOriginalValue().remaining()];
            first.getOriginalValue().duplicate().get(original);
            assertArrayEquals(garbage, original, "the original bytes are kept for replay");
        }
    }

    /** Reads {@code topic} from the beginning (manual assignment, no group) until {@code count} records match. */
    private static <V> List<ConsumerRecord<String, V>> readAll(KafkaConsumer<String, V> consumer, String topic,
                                                               java.util.function.Predicate<ConsumerRecord<String, V>> match,
                                                               int count) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<String, V>> matched = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (matched.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                if (match.test(r)) {
                    matched.add(r);
                }
            }
        }
        assertEquals(count, matched.size(), "records read from " + topic);
        return matched;
    }

}
