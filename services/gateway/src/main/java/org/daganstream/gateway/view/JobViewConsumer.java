package org.daganstream.gateway.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.common.kafka.Decoded;
import org.daganstream.common.kafka.RecordDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link JobView} up to date from the status topic (compacted, so reading it from the beginning gives the
 * latest status of every job) and the results topic. Every gateway replica needs every record, so the consumer
 * takes all partitions itself ({@code assign}, no consumer group, nothing committed) and re-reads from the beginning
 * after a restart. It runs on its own thread; the view is "loaded" once it has read up to the end offsets that
 * existed when it started, which is what readiness waits for.
 */
public final class JobViewConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobViewConsumer.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MISSING_TOPIC_RETRY = Duration.ofSeconds(2);

    private final Consumer<String, byte[]> consumer;
    private final JobView view;
    private final String statusTopic;
    private final String resultsTopic;
    private final Duration pollTimeout;
    private final Duration refreshInterval;
    private final RecordDecoder<JobStatus> statuses;
    private final RecordDecoder<Reenactment> results;
    private final Thread thread;
    private final Set<TopicPartition> assigned = new HashSet<>();
    /** End offsets at first sight of each partition; the view is loaded once every one is reached. */
    private final Map<TopicPartition, Long> loadTargets = new HashMap<>();

    private volatile boolean closing;
    private volatile boolean loaded;
    private volatile String problem = "not started";
    private volatile Throwable crash;
    private long nextRefreshNanos;
    private long startedNanos;

    public JobViewConsumer(Consumer<String, byte[]> consumer, JobView view, String statusTopic, String resultsTopic,
                           Duration pollTimeout, Duration refreshInterval, MeterRegistry registry) {
        this.consumer = consumer;
        this.view = view;
        this.statusTopic = statusTopic;
        this.resultsTopic = resultsTopic;
        this.pollTimeout = pollTimeout;
        this.refreshInterval = refreshInterval;
        this.statuses = RecordDecoder.forType(JobStatus.class).withMetrics(registry);
        this.results = RecordDecoder.forType(Reenactment.class).withMetrics(registry);
        this.thread = new Thread(this::run, "gateway-job-view");
        this.thread.setDaemon(true);
    }

    public JobViewConsumer start() {
        startedNanos = System.nanoTime();
        thread.start();
        return this;
    }

    /** True once everything that was on both topics at start has been read. */
    public boolean isLoaded() {
        return loaded;
    }

    public boolean isAlive() {
        return thread.isAlive() && crash == null;
    }

    /** Why the view is not loaded (yet), for the readiness check. */
    public String problem() {
        Throwable t = crash;
        return t != null ? "consumer crashed: " + t : problem;
    }

    private void run() {
        try {
            while (!closing) {
                refreshAssignment();
                if (assigned.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(pollTimeout.toMillis());
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
                    handle(record);
                }
                checkLoaded();
            }
        } catch (WakeupException | InterruptedException e) {
            if (!closing) {
                crash = e;
                LOG.error("job view consumer stopped unexpectedly", e);
            }
        } catch (RuntimeException | Error e) {
            crash = e;
            LOG.error("job view consumer crashed; job states are no longer updated", e);
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.debug("closing the job view consumer: {}", e.toString());
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(statusTopic)) {
            Decoded<JobStatus> decoded = statuses.decode(record);
            if (decoded instanceof Decoded.Ok<JobStatus> ok) {
                view.apply(ok.value());
            } else if (decoded instanceof Decoded.Tombstone<JobStatus> && record.key() != null) {
                view.remove(record.key());
            }
        } else if (record.topic().equals(resultsTopic)) {
            if (results.decode(record) instanceof Decoded.Ok<Reenactment> ok) {
                view.apply(ok.value());
            }
        }
        // Malformed records were logged and counted by the decoder; a read-only view simply skips them.
    }

    /** Picks up the topics' partitions (at start, and later ones added by an operator) from their beginning. */
    private void refreshAssignment() {
        long now = System.nanoTime();
        if (now < nextRefreshNanos) {
            return;
        }
        List<String> missing = new ArrayList<>();
        List<TopicPartition> added = new ArrayList<>();
        try {
            for (String topic : List.of(statusTopic, resultsTopic)) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                if (partitions == null || partitions.isEmpty()) {
                    missing.add(topic);
                    continue;
                }
                for (PartitionInfo p : partitions) {
                    TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                    if (!assigned.contains(tp)) {
                        added.add(tp);
                    }
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            problem = "cannot read topic metadata: " + e;
            LOG.warn("job view: {}; retrying", problem);
            nextRefreshNanos = now + MISSING_TOPIC_RETRY.toNanos();
            return;
        }
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(new ArrayList<>(assigned));
            consumer.seekToBeginning(added);
            if (!loaded) {
                loadTargets.putAll(consumer.endOffsets(added, METADATA_TIMEOUT));
            }
            LOG.info("job view reads {} partition(s) from the beginning: {}", added.size(), added);
        }
        if (missing.isEmpty()) {
            nextRefreshNanos = now + refreshInterval.toNanos();
        } else {
            problem = "topic(s) " + String.join(", ", missing) + " do not exist yet";
            if (assigned.isEmpty() || !loaded) {
                LOG.info("job view: {}; checking again in {} ms", problem, MISSING_TOPIC_RETRY.toMillis());
            }
            nextRefreshNanos = now + MISSING_TOPIC_RETRY.toNanos();
        }
    }

    private void checkLoaded() {
        if (loaded || !topicsPresent()) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> target : loadTargets.entrySet()) {
            if (consumer.position(target.getKey(), METADATA_TIMEOUT) < target.getValue()) {
                problem = "still reading the status and results topics";
                return;
            }
        }
        loaded = true;
        problem = "";
        LOG.info("job view loaded: {} job(s) in {} ms", view.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }

    private boolean topicsPresent() {
        Set<String> topics = new HashSet<>();
        assigned.forEach(tp -> topics.add(tp.topic()));
        return topics.contains(statusTopic) && topics.contains(resultsTopic);
    }

    /** Stops the consumer thread and waits for it (bounded). */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
