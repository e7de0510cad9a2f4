package org.daganstream.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.ObjectRef;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.ingest.IngestMetrics;
import org.daganstream.ingest.IngestSettings;
import org.daganstream.ingest.job.JobHandler;
import org.daganstream.ingest.job.JobOutcome;
import org.daganstream.ingest.media.DrivingVideoDecoder.VideoInfo;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consume loop's bookkeeping with Kafka's mock clients: one job per partition at a time, the offset committed
 * in the same transaction as the outcome, failed transactions retried, revoked jobs cancelled and not committed,
 * malformed records dead-lettered.
 */
class JobConsumerLoopTest {

    private static final TopicPartition P0 = new TopicPartition(Topics.JOBS, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.JOBS, 1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private MockConsumer<String, byte[]> consumer;
    private MockProducer<String, byte[]> producer;
    private JobConsumerLoop loop;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    private void start(JobHandler handler) {
        IngestSettings settings = IngestSettings.fromConfig(DaganConfig.of(Map.of(
                "model.bundle.id", "bundle", "ingest.concurrency", "2", "ingest.shutdown.timeout", "2s",
                "ingest.poll.timeout", "20ms")));
        OutcomePublisher publisher = new OutcomePublisher(() -> producer, settings, Clock.systemUTC());
        loop = new JobConsumerLoop(consumer, publisher, handler, Executors.newFixedThreadPool(2), settings,
                new IngestMetrics(new SimpleMeterRegistry()));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1));
            consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        });
        loop.start();
    }

    private void add(TopicPartition tp, long offset, String key, byte[] value) {
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key, value)));
    }

    private static byte[] job(String jobId) {
        return WireCodecs.JOB_REQUEST.encode(JobRequest.newBuilder().setJobId(jobId)
                .setSource(new ObjectRef("dagan", "s.png")).setDriving(new ObjectRef("dagan", "d.mp4"))
                .setSubmittedAt(Instant.EPOCH).build());
    }

    private static JobOutcome.Ingested ingested(JobRequest job, int frames) {
        return new JobOutcome.Ingested(job, "bundle", new ImageSize(10, 10),
                new VideoInfo(frames, 25.0, 64, 48, false, "mp4", "mpeg4", 0), Duration.ofMillis(5));
    }

    private void awaitCommits(long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (producer.commitCount() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + producer.commitCount() + " of " + count + " commits");
            Thread.sleep(10);
        }
    }

    /** Offsets committed for the jobs topic, in commit order. */
    private List<Map<TopicPartition, OffsetAndMetadata>> committedOffsets() {
        return producer.consumerGroupOffsetsHistory().stream().flatMap(m -> m.values().stream()).toList();
    }

    private List<ProducerRecord<String, byte[]>> sent(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Test
    void publishesTheOutcomeAndTheOffsetTogetherAndRetriesAFailedTransaction() throws Exception {
        producer.commitTransactionException = new TimeoutException("broker away");
        start((job, cancelled) -> ingested(job, 2));
        add(P0, 0, "a", job("a"));

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!producer.transactionAborted()) {
            assertTrue(System.nanoTime() < deadline, "the first transaction should have failed and been aborted");
            Thread.sleep(10);
        }
        producer.commitTransactionException = null;
        awaitCommits(1);

        assertEquals(List.of(Map.of(P0, new OffsetAndMetadata(1))), committedOffsets());
        assertEquals(List.of("a/source", "a/0", "a/1"), sent(Topics.FRAMES_DECODED).stream().map(ProducerRecord::key).toList());
        assertEquals(1, sent(Topics.JOB_MANIFESTS).size());
        var status = WireCodecs.JOB_STATUS.decode(sent(Topics.JOB_STATUS).get(0).value());
        assertEquals(JobState.PROCESSING, status.getState());
        assertEquals(2, status.getFrameCount());
    }

    @Test
    void runsOneJobPerPartitionAtATimeInOffsetOrder() throws Exception {
        AtomicInteger maxOnP0 = new AtomicInteger();
        AtomicInteger runningOnP0 = new AtomicInteger();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        start((job, cancelled) -> {
            boolean p0 = job.getJobId().startsWith("p0");
            if (p0) {
                maxOnP0.accumulateAndGet(runningOnP0.incrementAndGet(), Math::max);
            }
            order.add(job.getJobId());
            sleep(50);
            if (p0) {
                runningOnP0.decrementAndGet();
            }
            return ingested(job, 1);
        });
        add(P0, 0, "p0-a", job("p0-a"));
        add(P0, 1, "p0-b", job("p0-b"));
        add(P1, 0, "p1-a", job("p1-a"));
        add(P0, 2, "p0-c", job("p0-c"));

        awaitCommits(4);

        assertEquals(1, maxOnP0.get(), "jobs of one partition never overlap");
        assertEquals(List.of("p0-a", "p0-b", "p0-c"), order.stream().filter(id -> id.startsWith("p0")).toList());
        List<Long> p0Offsets = committedOffsets().stream().filter(m -> m.containsKey(P0))
                .map(m -> m.get(P0).offset()).toList();
        assertEquals(List.of(1L, 2L, 3L), p0Offsets);
    }

    @Test
    void aRevokedJobIsCancelledAndNotCommitted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancel = new CountDownLatch(1);
        start((job, cancelled) -> {
            started.countDown();
            waitFor(cancelled);
            sawCancel.countDown();
            throw new java.util.concurrent.CancellationException("stopped at frame 3");
        });
        add(P0, 0, "slow", job("slow"));
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));

        assertTrue(sawCancel.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the job was told to stop");
        Thread.sleep(200);
        assertEquals(0, producer.commitCount(), "nothing published for a revoked job");
        assertTrue(loop.isAlive());
    }

    @Test
    void malformedRecordsFailTheirJobAndAreDeadLettered() throws Exception {
        start((job, cancelled) -> ingested(job, 1));
        add(P1, 0, "broken-1", new byte[] {1, 2, 3});
        add(P1, 1, "no id at all/", new byte[] {4});
        add(P1, 2, "tombstone", null);
        add(P1, 3, "fine", job("fine"));

        awaitCommits(4);

        assertEquals(List.of(1L, 2L, 3L, 4L), committedOffsets().stream().map(m -> m.get(P1).offset()).toList());
        var failed = sent(Topics.JOB_STATUS).stream().map(r -> WireCodecs.JOB_STATUS.decode(r.value()))
                .filter(s -> s.getState() == JobState.FAILED).toList();
        assertEquals(1, failed.size(), "only the record keyed by a job id gets a status");
        assertEquals("broken-1", failed.get(0).getJobId());
        assertTrue(failed.get(0).getReason().contains("is not a valid JobRequest"), failed.get(0).getReason());
        assertEquals(List.of("broken-1", "no id at all/"), sent(Topics.FRAMES_DLQ).stream().map(ProducerRecord::key).toList());
        assertEquals(1, sent(Topics.REENACTMENTS).size());
        assertFalse(sent(Topics.FRAMES_DECODED).isEmpty(), "the good job after them went through");
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
