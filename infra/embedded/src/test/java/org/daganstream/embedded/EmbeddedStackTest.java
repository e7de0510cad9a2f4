package org.daganstream.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One shared stack: Kafka and S3 behave like the real services clients expect. */
class EmbeddedStackTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStackTest.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.builder()
                .topic("plain", 1)
                .topic("tx", 1)
                .topic("spread", 6)
                .topic("words", 2)
                .topic("counts", 2)
                .compactedTopic("latest", 3)
                .extraBucket("results-extra")
                .start();
        LOG.info("Embedded stack start took {} ms", stack.startupTime().toMillis());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void recordProducedWithPlainClientsIsConsumed() throws Exception {
        try (KafkaProducer<String, String> producer = TestClients.producer(stack.bootstrapServers());
             KafkaConsumer<String, String> consumer = TestClients.consumer(stack.bootstrapServers(), "plain-group",
                     "read_uncommitted")) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("plain", "job-1/000001", "hello"))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(0, sent.partition());
            consumer.subscribe(List.of("plain"));
            List<ConsumerRecord<String, String>> records = TestClients.pollUntil(consumer, 1, WAIT);
            assertEquals(1, records.size());
            assertEquals("job-1/000001", records.get(0).key());
            assertEquals("hello", records.get(0).value());
            consumer.commitSync(); // needs the offsets topic with replication factor 1
        }
    }

    @Test
    void transactionalProducerCommitsAndAbortsAreHonoured() throws Exception {
        Properties tx = new Properties();
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-test-tx");
        try (KafkaProducer<String, String> producer = TestClients.producer(stack.bootstrapServers(), tx);
             KafkaConsumer<String, String> consumer = TestClients.consumer(stack.bootstrapServers(), "tx-group",
                     "read_committed")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
            producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
            producer.commitTransaction();

            consumer.subscribe(List.of("tx"));
            List<ConsumerRecord<String, String>> records = TestClients.pollUntil(consumer, 2, WAIT);
            // Give an aborted record a chance to show up wrongly.
            records.addAll(TestClients.pollUntil(consumer, 1, Duration.ofMillis(500)));
            assertEquals(List.of("committed-1", "committed-2"), records.stream().map(ConsumerRecord::value).toList());
        }
    }

    @Test
    void topicsHaveRequestedPartitionsAndCompaction() throws Exception {
        Map<String, TopicDescription> topics = stack.kafka().admin()
                .describeTopics(List.of("plain", "spread", "latest")).allTopicNames().get(30, TimeUnit.SECONDS);
        assertEquals(1, topics.get("plain").partitions().size());
        assertEquals(6, topics.get("spread").partitions().size());
        assertEquals(3, topics.get("latest").partitions().size());

        assertEquals("compact", cleanupPolicy("latest"));
        assertEquals("delete", cleanupPolicy("spread"));
    }

    @Test
    void topicsCanBeAddedAfterStart() throws Exception {
        stack.createTopic("added-later", 2);
        stack.createCompactedTopic("added-later-compacted", 5);
        Map<String, TopicDescription> topics = stack.kafka().admin()
                .describeTopics(List.of("added-later", "added-later-compacted")).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        assertEquals(2, topics.get("added-later").partitions().size());
        assertEquals(5, topics.get("added-later-compacted").partitions().size());
        assertEquals("compact", cleanupPolicy("added-later-compacted"));

        stack.createTopic("added-later", 2); // same again: accepted
        IllegalStateException conflict = assertThrows(IllegalStateException.class,
                () -> stack.createTopic("added-later", 3));
        assertTrue(conflict.getMessage().contains("already exists with 2 partitions"), conflict.getMessage());
    }

    @Test
    void badTopicRequestsFailWithClearMessages() {
        InvalidTopicException badName = assertThrows(InvalidTopicException.class,
                () -> stack.createTopic("no spaces allowed", 1));
        assertTrue(badName.getMessage().contains("no spaces allowed"), badName.getMessage());
        IllegalArgumentException noPartitions = assertThrows(IllegalArgumentException.class,
                () -> stack.createTopic("zero", 0));
        assertTrue(noPartitions.getMessage().contains("at least 1 partition"), noPartitions.getMessage());
    }

    @Test
    void minioClientRoundTrip() throws Exception {
        MinioClient minio = TestClients.minio(stack);
        byte[] first = "frame-zero".getBytes(StandardCharsets.UTF_8);
        byte[] second = new byte[300_000]; // larger than one network buffer
        for (int i = 0; i < second.length; i++) {
            second[i] = (byte) (i * 31);
        }
        put(minio, "jobs/j1/frames/000000", first);
        put(minio, "jobs/j1/frames/000001", second);
        put(minio, "results/j1/out.mp4", first);

        try (GetObjectResponse in = minio.getObject(GetObjectArgs.builder()
                .bucket(stack.bucket()).object("jobs/j1/frames/000001").build())) {
            assertArrayEquals(second, in.readAllBytes());
        }
        assertEquals(List.of("jobs/j1/frames/000000", "jobs/j1/frames/000001"), list(minio, "jobs/j1/"));

        minio.removeObject(RemoveObjectArgs.builder().bucket(stack.bucket()).object("jobs/j1/frames/000000").build());
        assertEquals(List.of("jobs/j1/frames/000001"), list(minio, "jobs/j1/"));
        ErrorResponseException missing = assertThrows(ErrorResponseException.class, () -> minio.statObject(
                StatObjectArgs.builder().bucket(stack.bucket()).object("jobs/j1/frames/000000").build()));
        assertEquals("NoSuchKey", missing.errorResponse().code());
    }

    @Test
    void wrongSecretIsRejected() {
        MinioClient intruder = MinioClient.builder()
                .endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), "not-the-secret-key-at-all-0000000000000")
                .region(stack.s3Region())
                .build();
        ErrorResponseException denied = assertThrows(ErrorResponseException.class,
                () -> put(intruder, "jobs/x/frames/000000", new byte[] {1}));
        assertEquals("SignatureDoesNotMatch", denied.errorResponse().code());
    }

    @Test
    void bucketsExistAndClientPropertiesDescribeTheStack() {
        assertTrue(stack.s3().bucketExists("dagan"));
        assertTrue(stack.s3().bucketExists("results-extra"));
        assertFalse(stack.s3().bucketExists("never-created"));

        Map<String, String> props = stack.clientProperties();
        assertEquals(Set.of("kafka.bootstrap.servers", "s3.endpoint", "s3.access.key", "s3.secret.key",
                "s3.bucket", "s3.region"), props.keySet());
        assertEquals(stack.bootstrapServers(), props.get("kafka.bootstrap.servers"));
        assertTrue(props.get("kafka.bootstrap.servers").matches("127\\.0\\.0\\.1:\\d+"));
        assertTrue(props.get("s3.endpoint").matches("http://127\\.0\\.0\\.1:\\d+"));
        assertEquals("dagan", props.get("s3.bucket"));
        assertEquals("us-east-1", props.get("s3.region"));
        assertEquals(stack.s3SecretKey(), props.get("s3.secret.key"));
        assertNotEquals(props.get("s3.access.key"), props.get("s3.secret.key"));
        assertFalse(stack.toString().contains(stack.s3SecretKey()), "toString must not reveal the secret");
    }

    /** What the motion and assembler stages rely on: exactly_once_v2 with Streams-created internal topics. */
    @Test
    void exactlyOnceV2StreamsApplicationCountsWords(@TempDir Path stateDir) throws Exception {
        try (KafkaStreams streams = new KafkaStreams(countWords(), streamsConfig(stateDir))) {
            streams.start();
            awaitRunning(streams);

            try (KafkaProducer<String, String> producer = TestClients.producer(stack.bootstrapServers())) {
                for (String word : List.of("alpha", "beta", "alpha", "gamma", "alpha")) {
                    producer.send(new ProducerRecord<>("words", "line-" + word.length(), word)).get(30, TimeUnit.SECONDS);
                }
            }

            Map<String, Long> latest = new HashMap<>();
            Map<String, Long> expected = Map.of("alpha", 3L, "beta", 1L, "gamma", 1L);
            try (KafkaConsumer<String, Long> consumer = countsConsumer()) {
                consumer.subscribe(List.of("counts"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!latest.equals(expected) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
                        latest.put(record.key(), record.value());
                    }
                }
            }
            assertEquals(expected, latest);
        }
    }

    private static String cleanupPolicy(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = stack.kafka().admin().describeConfigs(List.of(resource)).all()
                .get(30, TimeUnit.SECONDS).get(resource);
        return config.get("cleanup.policy").value();
    }

    private static void put(MinioClient minio, String key, byte[] data) throws Exception {
        minio.putObject(PutObjectArgs.builder()
                .bucket(stack.bucket())
                .object(key)
                .stream(new ByteArrayInputStream(data), (long) data.length, -1L)
                .contentType("application/octet-stream")
                .build());
    }

    private static List<String> list(MinioClient minio, String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder()
                .bucket(stack.bucket()).prefix(prefix).recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }
    private static Topology countWords() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to("counts", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static Properties streamsConfig(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedded-eos-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        return props;
    }

    private static KafkaConsumer<String, Long> countsConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "counts-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new LongDeserializer());
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new AssertionError("Streams application is " + streams.state() + ", not RUNNING");
            }
            Thread.sleep(50);
        }
    }
}
