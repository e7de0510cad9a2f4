package org.daganstream.ingest.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.JobRequest;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.kafka.DeadLetters;
import org.daganstream.common.kafka.Decoded;
import org.daganstream.common.kafka.RecordDecoder;
import org.daganstream.common.retry.Backoff;
import org.daganstream.ingest.IngestMetrics;
import org.daganstream.ingest.IngestSettings;
import org.daganstream.ingest.job.JobHandler;
import org.daganstream.ingest.job.JobOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume loop of {@code dagan.jobs}, on one dedicated thread that owns the consumer and the transactional
 * publisher. Jobs run on a bounded worker pool ({@code ingest.concurrency}), at most one per partition at a
 * time, so committing a job's offset never skips an unfinished earlier job. Partitions with a job in hand are
 * paused and the loop keeps polling, so a long video never exceeds {@code max.poll.interval.ms}.
 *
 * <p>A finished job's records and offset go out in one transaction ({@link OutcomePublisher}); if that fails it is
 * retried with backoff. When a partition is revoked its job is cancelled and its result dropped: the new owner
 * redoes the job from the committed offset (blob keys are deterministic, so that only overwrites). A record that
 * is not a job fails that job (when its key names one) and is dead-lettered; the loop goes on.
 *
 * <p>{@link #close()} stops taking jobs, waits up to {@code ingest.shutdown.timeout} for the jobs in hand, publishes
 * and commits them, cancels what is left (redone after restart) and leaves the group.
 */
public final class JobConsumerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobConsumerLoop.class);
    /** Longest job id used as a record key for a failed job's status. */
    private static final int MAX_KEY_CHARS = 256;

    /** The record a partition is busy with, until its outcome is committed. */
    private static final class Busy {
        final ConsumerRecord<String, byte[]> record;
        final AtomicBoolean cancelled = new AtomicBoolean();
        /** Set once there is something to publish; null while the job runs. */
        Completed completed;
        int publishFailures;
        long nextPublishNanos;

        Busy(ConsumerRecord<String, byte[]> record) {
            this.record = record;
        }
    }

    /** What a busy partition has to publish: an outcome, a dead letter, or (tombstone) nothing but the offset. */
    private record Completed(JobOutcome outcome, DeadLetterFrame deadLetter) {
    }

    private record Finished(TopicPartition partition, Busy busy, Completed completed) {
    }

    private final Consumer<String, byte[]> consumer;
    private final OutcomePublisher publisher;
    private final JobHandler processor;
    private final ExecutorService workers;
    private final IngestSettings settings;
    private final IngestMetrics metrics;
    private final RecordDecoder<JobRequest> decoder;
    private final Backoff publishBackoff = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(10));

    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> queued = new HashMap<>();
    private final Map<TopicPartition, Busy> busy = new HashMap<>();
    private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean polledOnce;
    private volatile Throwable crash;

    /**
     * @param consumer  a consumer of {@code dagan.jobs} (group id set, auto commit off); owned and closed by the loop
     * @param workers   pool of {@code ingest.concurrency} threads for jobs; owned and shut down by the loop
     */
    public JobConsumerLoop(Consumer<String, byte[]> consumer, OutcomePublisher publisher, JobHandler processor,
                           ExecutorService workers, IngestSettings settings, IngestMetrics metrics) {
        this.consumer = consumer;
        this.publisher = publisher;
        this.processor = processor;
        this.workers = workers;
        this.settings = settings;
        this.metrics = metrics;
        this.decoder = RecordDecoder.forType(JobRequest.class).withMetrics(metrics.registry());
        this.thread = new Thread(this::run, "ingest-consume-loop");
    }

    public JobConsumerLoop start() {
        thread.start();
        return this;
    }

    /** Polling, or draining after {@link #close()}; false once the loop has stopped or crashed. */
    public boolean isAlive() {
        return thread.isAlive() && crash == null;
    }

    /** Alive and has talked to the broker at least once. */
    public boolean isReady() {
        return isAlive() && running && polledOnce;
    }

    /** Jobs running on workers (loop thread only). */
    private int jobsInHand() {
        int n = 0;
        for (Busy b : busy.values()) {
            if (b.completed == null) {
                n++;
            }
        }
        return n;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.jobsTopic()), new Rebalance());
            long drainDeadline = Long.MAX_VALUE;
            while (running || (!busy.isEmpty() && System.nanoTime() < drainDeadline)) {
                if (!running && drainDeadline == Long.MAX_VALUE) {
                    drainDeadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
                    LOG.info("stopping: waiting up to {} for {} job(s) in hand", settings.shutdownTimeout(), busy.size());
                }
                collectFinished();
                publishCompleted();
                poll();
                if (running) {
                    dispatch();
                }
                updatePauses();
            }
        } catch (WakeupException e) {
            LOG.debug("consume loop woken up to stop");
        } catch (Throwable t) {
            crash = t;
            LOG.error("consume loop crashed; the service is no longer live", t);
        } finally {
            shutdown();
        }
    }

    private void poll() {
        var records = consumer.poll(settings.pollTimeout());
        polledOnce = true;
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            queued.computeIfAbsent(tp, k -> new ArrayDeque<>()).add(record);
        }
    }

    /** Starts the next record of every idle partition, while worker slots are free. */
    private void dispatch() {
        for (var entry : queued.entrySet()) {
            TopicPartition tp = entry.getKey();
            ArrayDeque<ConsumerRecord<String, byte[]>> records = entry.getValue();
            if (records.isEmpty() || busy.containsKey(tp)) {
                continue;
            }
            if (jobsInHand() >= settings.concurrency()) {
                return;
            }
            ConsumerRecord<String, byte[]> record = records.poll();
            Decoded<JobRequest> decoded = decoder.decode(record);
            if (decoded instanceof Decoded.Ok<JobRequest> ok) {
                startJob(tp, record, ok.value());
            } else {
                Busy b = new Busy(record);
                b.completed = decoded instanceof Decoded.Malformed<JobRequest> bad ? malformed(bad) : new Completed(null, null);
                busy.put(tp, b);
            }
        }
    }

    private void startJob(TopicPartition tp, ConsumerRecord<String, byte[]> record, JobRequest job) {
        Busy b = new Busy(record);
        busy.put(tp, b);
        try {
            workers.execute(() -> finished.add(new Finished(tp, b, runJob(job, b))));
        } catch (RejectedExecutionException e) {
            busy.remove(tp);
            queued.get(tp).addFirst(record);
            throw e;
        }
    }

    /** On a worker thread. Cancelled jobs give null: nothing is published, the job is redone by the next owner. */
    private Completed runJob(JobRequest job, Busy b) {
        try {
            return new Completed(processor.process(job, b.cancelled::get), null);
        } catch (java.util.concurrent.CancellationException e) {
            LOG.info("job {} cancelled ({}); it will be redone from the committed offset", job.getJobId(), e.getMessage());
            return null;
        } catch (RuntimeException | Error e) {
            LOG.error("job {} failed unexpectedly", job.getJobId(), e);
            return new Completed(new JobOutcome.Rejected(job.getJobId(), job, "internal-error",
                    "ingest failed unexpectedly (" + e + "); this is not a problem with the input, submit the job again"
                            + " later", Duration.ZERO), null);
        }
    }

    private Completed malformed(Decoded.Malformed<JobRequest> bad) {
        String key = bad.record().key();
        String jobId = BlobKeys.isValidJobId(key) ? key : null;
        String reason = "the record on " + settings.jobsTopic() + " is not a valid JobRequest (" + bad.reason()
                + "); publish jobs encoded with the JobRequest schema (single-object Avro encoding)";
        return new Completed(new JobOutcome.Rejected(jobId, null, "malformed-record", reason, Duration.ZERO),
                DeadLetters.malformed(IngestSettings.STAGE, bad));
    }

    private void collectFinished() {
        Finished f;
        while ((f = finished.poll()) != null) {
            Busy current = busy.get(f.partition());
            if (current != f.busy()) {
                LOG.info("dropping the result of a job at {} whose partition was revoked", f.busy().record.offset());
                continue;
            }
            if (f.completed() == null) {
                busy.remove(f.partition());
                if (running && consumer.assignment().contains(f.partition())) {
                    // Cancelled while still ours: read it again rather than skip it.
                    queued.remove(f.partition());
                    consumer.seek(f.partition(), f.busy().record.offset());
                }
                continue;
            }
            current.completed = f.completed();
        }
    }

    /** Publishes every completed job with its offset; failures are retried on later turns with backoff. */
    private void publishCompleted() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<TopicPartition, Busy>> it = busy.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Busy b = entry.getValue();
            if (b.completed == null || now < b.nextPublishNanos) {
                continue;
            }
            if (publish(entry.getKey(), b)) {
                it.remove();
            }
        }
    }

    private boolean publish(TopicPartition tp, Busy b) {
        var offsets = Map.of(tp, new OffsetAndMetadata(b.record.offset() + 1));
        JobOutcome outcome = b.completed.outcome();
        try {
            if (outcome instanceof JobOutcome.Ingested ok) {
                publisher.publishIngested(ok, offsets, consumer.groupMetadata());
                metrics.jobIngested();
                LOG.info("job {}: published {} frame descriptors + source, manifest and status PROCESSING ({} ms)",
                        ok.jobId(), ok.video().frameCount(), ok.took().toMillis());
            } else if (outcome instanceof JobOutcome.Rejected rejected) {
                JobOutcome.Rejected keyed = usableKey(rejected);
                DeadLetterFrame deadLetter = b.completed.deadLetter();
                if (keyed.jobId() == null && deadLetter == null) {
                    // Nobody can be told by job id: keep the request where an operator can see it.
                    deadLetter = DeadLetters.of(IngestSettings.STAGE, b.record,
                            new IllegalArgumentException(rejected.reason()), 1, null);
                }
                publisher.publishRejected(keyed, deadLetter, offsets, consumer.groupMetadata());
                metrics.jobFailed(rejected.category());
                LOG.info("job {} FAILED: {}", rejected.jobId(), rejected.reason());
            } else {
                publisher.commit(offsets, consumer.groupMetadata());
            }
            return true;
        } catch (KafkaException e) {
            b.publishFailures++;
            Duration delay = publishBackoff.delay(b.publishFailures);
            b.nextPublishNanos = System.nanoTime() + delay.toNanos();
            LOG.warn("publishing the result of {}@{} failed (attempt {}): {}; retrying in {} ms", tp, b.record.offset(),
                    b.publishFailures, e.toString(), delay.toMillis());
            return false;
        }
    }

    /** A job id too odd to be a record key (empty or huge) is only dead-lettered. */
    private static JobOutcome.Rejected usableKey(JobOutcome.Rejected r) {
        if (r.jobId() == null || r.jobId().isEmpty() || r.jobId().length() > MAX_KEY_CHARS) {
            return new JobOutcome.Rejected(null, r.request(), r.category(), r.reason(), r.took());
        }
        return r;
    }

    /** Paused: partitions with a record in hand or waiting, or every partition while stopping. */
    private void updatePauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> pause = new HashSet<>();
        for (TopicPartition tp : assigned) {
            var waiting = queued.get(tp);
            if (!running || busy.containsKey(tp) || (waiting != null && !waiting.isEmpty())) {
                pause.add(tp);
            }
        }
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition tp : paused) {
            // Only partitions still assigned: resuming a revoked one throws.
            if (!pause.contains(tp) && assigned.contains(tp)) {
                resume.add(tp);
            }
        }
        pause.removeAll(paused);
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Last chance to commit finished jobs before another member takes over.
            collectFinished();
            for (TopicPartition tp : partitions) {
                Busy b = busy.get(tp);
                if (b != null && b.completed != null && publish(tp, b)) {
                    busy.remove(tp);
                }
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("assigned {}", partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                queued.remove(tp);
                Busy b = busy.remove(tp);
                if (b != null) {
                    b.cancelled.set(true);
                    LOG.info("partition {} revoked: job at offset {} dropped, its new owner redoes it", tp, b.record.offset());
                }
            }
        }
    }

    private void shutdown() {
        for (Busy b : busy.values()) {
            b.cancelled.set(true);
        }
        if (!busy.isEmpty()) {
            LOG.warn("{} job(s) not finished in time; they will be redone from their committed offsets", busy.size());
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("job workers did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(consumer::close, "consumer");
        closeQuietly(publisher::close, "publisher");
        LOG.info("consume loop stopped");
    }

    private static void closeQuietly(Runnable close, String what) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("closing the {} failed: {}", what, e.toString());
        }
    }

    /** Stops taking jobs, lets the jobs in hand finish (bounded by {@code ingest.shutdown.timeout}) and commits them. */
    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(settings.shutdownTimeout().plusSeconds(30).toMillis());
            if (thread.isAlive()) {
                LOG.warn("consume loop did not stop in time; waking it up");
                consumer.wakeup();
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For logs and tests: when the loop died unexpectedly, why. */
    public Throwable crash() {
        return crash;
    }

}
