package org.daganstream.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.embedded.EmbeddedStack;
import org.daganstream.gateway.GatewayService;
import org.daganstream.schema.AvroTrust;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded Kafka broker + S3 server and one gateway on them, shared by every test class of this module (started
 * on first use, stopped when the test run ends). Helpers publish what the pipeline would publish (statuses,
 * results) and read what the gateway published (job requests).
 */
public final class GatewayStack implements AutoCloseable {

    /** Small limits so size checks can be exercised with small files. */
    public static final long MAX_SOURCE_BYTES = 64 * 1024;
    public static final long MAX_UPLOAD_BYTES = 256 * 1024;

    private final EmbeddedStack stack;
    private final GatewayService gateway;
    private final BlobStore blobs;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DaganConfig config;

    private GatewayStack() {
        AvroTrust.install();
        stack = EmbeddedStack.builder()
                .topic(Topics.JOBS, 2)
                .compactedTopic(Topics.JOB_STATUS, 2)
                .topic(Topics.REENACTMENTS, 2)
                .inMemoryS3()
                .start();
        config = DaganConfig.of(stack.clientProperties())
                .withAll(Map.of(
                        "http.port", "0",
                        "http.host", "127.0.0.1",
                        "gateway.max.source.bytes", Long.toString(MAX_SOURCE_BYTES),
                        "gateway.max.upload.bytes", Long.toString(MAX_UPLOAD_BYTES),
                        "gateway.events.keepalive", "1s",
                        "gateway.view.poll.timeout", "100ms",
                        "metrics.instance", "test"));
        gateway = GatewayService.start(config);
        blobs = BlobStore.fromConfig(config);
        producer = KafkaClients.producer(config, "gateway-test");
        await("the gateway's job view to load", Duration.ofSeconds(30), gateway::isReady);
    }

    /** The shared stack, started once per test run. */
    public static GatewayStack get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(GatewayStack.class, k -> new GatewayStack(), GatewayStack.class);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }

    public int port() {
        return gateway.httpPort();
    }

    public GatewayService gateway() {
        return gateway;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public DaganConfig config() {
        return config;
    }

    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, JsonObject body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postMultipart(String path, Multipart form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- what the pipeline would publish ------------------------------------------------------------------------

    public void publishStatus(String jobId, JobState state, int done, int total, String reason) {
        JobStatus status = JobStatus.newBuilder().setJobId(jobId).setState(state).setFramesDone(done)
                .setFrameCount(total).setReason(reason).setUpdatedAt(Instant.now()).build();
        send(Topics.JOB_STATUS, jobId, WireCodecs.JOB_STATUS.encode(status));
    }

    public void publishSuccess(String jobId, String videoKey, int frames) {
        send(Topics.REENACTMENTS, jobId, WireCodecs.REENACTMENT.encode(Reenactment.newBuilder().setJobId(jobId)
                .setOutcome(ReenactmentOutcome.SUCCEEDED).setVideoKey(videoKey).setFrameCount(frames).setFps(25.0)
                .setStageTimings(Map.of("generator", 1234L)).setFinishedAt(Instant.now()).build()));
    }

    public void publishFailure(String jobId, String error) {
        send(Topics.REENACTMENTS, jobId, WireCodecs.REENACTMENT.encode(Reenactment.newBuilder().setJobId(jobId)
                .setOutcome(ReenactmentOutcome.FAILED).setError(error).setFinishedAt(Instant.now()).build()));
    }

    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e);
        }
    }

    // ---- what the gateway published -----------------------------------------------------------------------------

    /** The job request published for {@code jobId}, read from the beginning of the jobs topic. */
    public JobRequest jobRequest(String jobId) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(config, null, "gateway-test-jobs")) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.JOBS)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, JobRequest> found = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    found.put(r.key(), WireCodecs.JOB_REQUEST.decode(r.value()));
                }
                if (found.containsKey(jobId)) {
                    return found.get(jobId);
                }
                boolean atEnd = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (atEnd) {
                    return null;
                }
            }
            return null;
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        blobs.close();
        gateway.close();
        stack.close();
    }
}
