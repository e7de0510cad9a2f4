package org.daganstream.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting, stopping and restarting stacks. The surefire configuration points java.io.tmpdir at a
 * folder of this module's own, so comparing its contents before and after shows whether anything
 * was left behind.
 */
class EmbeddedStackLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path tmp;

    @BeforeAll
    static void tmpDir() throws IOException {
        tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void twoStacksRunAtOnceAndCloseLeavesNoFiles() throws Exception {
        Set<String> before = listing(tmp);
        CompletableFuture<EmbeddedStack> startA = CompletableFuture.supplyAsync(
                () -> EmbeddedStack.builder().topic("events", 2).start());
        CompletableFuture<EmbeddedStack> startB = CompletableFuture.supplyAsync(
                () -> EmbeddedStack.builder().topic("events", 2).inMemoryS3().start());
        Path dataA;
        Path dataB;
        try (EmbeddedStack a = startA.get(60, TimeUnit.SECONDS); EmbeddedStack b = startB.get(60, TimeUnit.SECONDS)) {
            dataA = a.dataDir();
            dataB = b.dataDir();
            assertNotEquals(a.bootstrapServers(), b.bootstrapServers());
            assertNotEquals(a.s3Endpoint(), b.s3Endpoint());
            assertNotEquals(dataA, dataB);
            assertTrue(dataA.startsWith(tmp) && dataB.startsWith(tmp), "default data folders live in java.io.tmpdir");
            assertTrue(Files.exists(dataA.resolve("kafka").resolve("meta.properties")));

            send(a, "events", "from-a");
            send(b, "events", "from-b");
            assertEquals(List.of("from-a"), receive(a, "events", 1));
            assertEquals(List.of("from-b"), receive(b, "events", 1));

            put(TestClients.minio(a), a.bucket(), "jobs/j/source/image", "a".getBytes(StandardCharsets.UTF_8));
            assertTrue(Files.isDirectory(dataA.resolve("s3").resolve("dagan")), "filesystem store under data dir");
            assertFalse(Files.exists(dataB.resolve("s3")), "in-memory store writes no files");
            ErrorResponseException notInB = assertThrows(ErrorResponseException.class, () -> TestClients.minio(b)
                    .statObject(StatObjectArgs.builder().bucket(b.bucket()).object("jobs/j/source/image").build()));
            assertEquals("NoSuchKey", notInB.errorResponse().code());
        }
        assertFalse(Files.exists(dataA), "temporary data folder deleted");
        assertFalse(Files.exists(dataB), "temporary data folder deleted");
        assertEquals(before, listing(tmp), "nothing left behind in java.io.tmpdir");
    }

    @Test
    void userGivenDataDirIsKeptAndReusedOnFixedPorts(@TempDir Path dir) throws Exception {
        Set<String> before = listing(tmp);
        byte[] image = "source-image-bytes".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedStack first = EmbeddedStack.builder().dataDir(dir).topic("kept", 3).start()) {
            send(first, "kept", "v1");
            put(TestClients.minio(first), first.bucket(), "jobs/j/source/image", image);
        }
        assertTrue(Files.exists(dir.resolve("kafka").resolve("meta.properties")), "broker data kept");
        assertTrue(Files.isDirectory(dir.resolve("s3").resolve("dagan")), "objects kept");
        assertEquals(before, listing(tmp), "nothing outside the given folder");

        int kafkaPort = freePort();
        int s3Port = freePort();
        try (EmbeddedStack second = EmbeddedStack.builder().dataDir(dir).kafkaPort(kafkaPort).s3Port(s3Port)
                .topic("kept", 3).start()) {
            assertEquals("127.0.0.1:" + kafkaPort, second.bootstrapServers());
            assertEquals("http://127.0.0.1:" + s3Port, second.s3Endpoint());
            assertEquals(List.of("v1"), receive(second, "kept", 1));
            try (GetObjectResponse in = TestClients.minio(second).getObject(GetObjectArgs.builder()
                    .bucket(second.bucket()).object("jobs/j/source/image").build())) {
                assertArrayEquals(image, in.readAllBytes());
            }
        }
        assertTrue(Files.exists(dir.resolve("kafka").resolve("meta.properties")));
    }

    @Test
    void portInUseFailsClearlyAndStopsWhatAlreadyStarted() throws Exception {
        Set<String> before = listing(tmp);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> EmbeddedStack.builder().s3Port(port).start());
            assertTrue(failure.getMessage().contains("S3") && failure.getMessage().contains(":" + port),
                    failure.getMessage());
        }
        assertEquals(before, listing(tmp), "the temporary data folder is removed after a failed start");
    }

    @Test
    void invalidSettingsAreRejectedBeforeAnythingStarts() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedStack.builder().kafkaPort(70_000));
        assertTrue(port.getMessage().contains("70000"), port.getMessage());
        IllegalArgumentException bucket = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedStack.builder().bucket("Upper_Case"));
        assertTrue(bucket.getMessage().contains("Upper_Case"), bucket.getMessage());
    }

    private static void send(EmbeddedStack stack, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = TestClients.producer(stack.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> receive(EmbeddedStack stack, String topic, int count) {
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(stack.bootstrapServers(),
                "lifecycle-" + System.nanoTime(), "read_committed")) {
            consumer.subscribe(List.of(topic));
            return TestClients.pollUntil(consumer, count, WAIT).stream().map(ConsumerRecord::value).toList();
        }
    }

    private static void put(MinioClient minio, String bucket, String key, byte[] data) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(data), (long) data.length, -1L).build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }
}
