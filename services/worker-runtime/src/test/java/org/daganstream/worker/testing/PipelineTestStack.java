package org.daganstream.worker.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.embedded.EmbeddedStack;
import org.daganstream.schema.AvroTrust;
import org.daganstream.schema.WireCodecs;

/**
 * An embedded Kafka broker and S3 server with the frame topics, plus the client side a worker test needs: a blob
 * store, a producer for descriptors or raw bytes, and readers for output and dead-letter topics.
 */
public final class PipelineTestStack implements AutoCloseable {

    private final EmbeddedStack stack;
    private final DaganConfig clientConfig;
    private final BlobStore blobs;
    private final KafkaProducer<String, byte[]> producer;

    private PipelineTestStack(EmbeddedStack stack) {
        this.stack = stack;
        this.clientConfig = DaganConfig.of(stack.clientProperties());
        this.blobs = BlobStore.fromConfig(clientConfig);
        this.producer = KafkaClients.producer(clientConfig, "test-producer-" + UUID.randomUUID());
    }

    /** Starts the stack with every pipeline topic at {@code partitions} partitions. */
    public static PipelineTestStack start(int partitions) {
        AvroTrust.install();
        EmbeddedStack.Builder builder = EmbeddedStack.builder();
        for (String topic : Topics.ALL) {
            if (Topics.isCompacted(topic)) {
                builder.compactedTopic(topic, partitions);
            } else {
                builder.topic(topic, partitions);
            }
        }
        return new PipelineTestStack(builder.start());
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /**
     * Configuration for a worker under test: the stack's endpoints, the tiny bundle, a free HTTP port, quick polls
     * and retries; {@code extra} wins.
     */
    public DaganConfig workerConfig(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(stack.clientProperties());
        values.put("model.bundle.dir", Fixtures.tinyBundle().toString());
        values.put("http.port", "0");
        values.put("metrics.instance", "test");
        values.put("worker.poll.timeout", "50ms");
        values.put("worker.commit.interval", "50ms");
        values.put("worker.backoff.initial", "50ms");
        values.put("worker.backoff.max", "200ms");
        values.put("inference.intra.op.threads", "1");
        values.putAll(extra);
        return DaganConfig.of(values);
    }

    public void createTopic(String name, int partitions) {
        stack.createTopic(name, partitions);
    }

    public void publish(String topic, FrameDescriptor d) {
        publish(topic, FrameKeys.frame(d.getJobId(), d.getFrameIndex()), WireCodecs.FRAME_DESCRIPTOR.encode(d));
    }

    public void publish(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until at least {@code atLeast} records arrived, then keeps reading for
     * {@code quiet} more to catch late duplicates.
     */
    public List<ConsumerRecord<String, byte[]>> read(String topic, int atLeast, Duration timeout, Duration quiet) {
        return read(topic, r -> true, atLeast, timeout, quiet);
    }

    /** Records of {@code job} (key {@code job/...}): pipeline topics shared by several tests are told apart by job. */
    public static Predicate<ConsumerRecord<String, byte[]>> ofJob(String job) {
        return r -> r.key() != null && r.key().startsWith(job + "/");
    }

    /** As {@link #read(String, int, Duration, Duration)}, counting and returning only records {@code which} accepts. */
    public List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> which,
                                                     int atLeast, Duration timeout, Duration quiet) {
        Map<String, Object> props = KafkaClients.consumerProperties(clientConfig, null, "test-reader-" + UUID.randomUUID());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (which.test(r)) {
                        out.add(r);
                    }
                }
                if (out.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
        assertTrue(out.size() >= atLeast, "expected at least " + atLeast + " records on " + topic + " within "
                + timeout + ", got " + out.size());
        return out;
    }

    /** Decoded descriptors of {@code topic} (see {@link #read}). */
    public List<FrameDescriptor> descriptors(String topic, int atLeast, Duration timeout, Duration quiet) {
        return read(topic, atLeast, timeout, quiet).stream()
                .map(r -> WireCodecs.FRAME_DESCRIPTOR.decode(r.value())).toList();
    }

    /** Decoded dead letters (see {@link #read}). */
    public List<DeadLetterFrame> deadLetters(String topic, int atLeast, Duration timeout) {
        return deadLetters(topic, r -> true, atLeast, timeout);
    }

    /** Decoded dead letters that {@code which} accepts. */
    public List<DeadLetterFrame> deadLetters(String topic, Predicate<ConsumerRecord<String, byte[]>> which, int atLeast,
                                             Duration timeout) {
        return read(topic, which, atLeast, timeout, Duration.ofMillis(300)).stream()
                .map(r -> WireCodecs.DEAD_LETTER_FRAME.decode(r.value())).toList();
    }

    /** Decoded descriptors that {@code which} accepts. */
    public List<FrameDescriptor> descriptors(String topic, Predicate<ConsumerRecord<String, byte[]>> which, int atLeast,
                                             Duration timeout, Duration quiet) {
        return read(topic, which, atLeast, timeout, quiet).stream()
                .map(r -> WireCodecs.FRAME_DESCRIPTOR.decode(r.value())).toList();
    }

    /** Committed offsets of {@code group} on {@code topic}, and the topic's end offsets, per partition. */
    public Map<TopicPartition, long[]> committedAndEnd(String group, String topic) {
        try (Admin admin = KafkaClients.admin(clientConfig, "test-admin-" + UUID.randomUUID())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, long[]> out = new HashMap<>();
            ends.forEach((tp, info) -> {
                OffsetAndMetadata c = committed.get(tp);
                out.put(tp, new long[] {c == null ? 0 : c.offset(), info.offset()});
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("reading offsets of group " + group + " failed", e);
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes (then fails with {@code what}). */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        blobs.close();
        stack.close();
    }
}
