package org.daganstream.loadtest.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the run's jobs on {@code dagan.jobs.status}, {@code dagan.reenactments}, {@code dagan.frames.generated}
 * and {@code dagan.frames.dlq}, like any outside observer: a consumer without a group (nothing committed, nothing
 * taken from the services), assigned every partition, starting at the end offsets taken before the first
 * submission. Only keys of this run's jobs ({@code <prefix>...}) are decoded.
 */
public final class JobTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private enum Feed { STATUS, RESULTS, GENERATED, DEAD_LETTERS }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Feed> feeds;
    private final String prefix;
    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;

    private JobTracker(KafkaConsumer<String, byte[]> consumer, Map<String, Feed> feeds, String prefix) {
        this.consumer = consumer;
        this.feeds = feeds;
        this.prefix = prefix;
        this.thread = new Thread(this::loop, "dagan-load-tracker");
        this.thread.setDaemon(true);
    }

    /** Positions at the current ends of the topics, then follows them on its own thread. */
    public static JobTracker start(DaganConfig config, String jobIdPrefix) {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(config, null, "dagan-load-tracker");
        try {
            Map<String, Feed> feeds = new LinkedHashMap<>();
            feeds.put(Topics.resolve(config, Topics.JOB_STATUS), Feed.STATUS);
            feeds.put(Topics.resolve(config, Topics.REENACTMENTS), Feed.RESULTS);
            feeds.put(Topics.resolve(config, Topics.FRAMES_GENERATED), Feed.GENERATED);
            feeds.put(Topics.resolve(config, Topics.FRAMES_DLQ), Feed.DEAD_LETTERS);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : feeds.keySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist on "
                            + config.get("kafka.bootstrap.servers", "?") + "; is the pipeline running there?");
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(tp -> consumer.position(tp, METADATA_TIMEOUT)); // resolve the end offsets now
            JobTracker tracker = new JobTracker(consumer, feeds, jobIdPrefix);
            tracker.thread.start();
            return tracker;
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            throw e;
        }
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            failure = t;
            LOG.error("job tracker stopped: {}", t.toString());
        } finally {
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null || record.value() == null || !key.startsWith(prefix)) {
            return;
        }
        Feed feed = feeds.get(record.topic());
        int slash = key.indexOf('/');
        String jobId = slash < 0 ? key : key.substring(0, slash);
        long now = System.currentTimeMillis();
        try {
            synchronized (this) {
                JobRecord job = jobs.computeIfAbsent(jobId, JobRecord::new);
                switch (feed) {
                    case STATUS -> job.onStatus(WireCodecs.JOB_STATUS.decode(record.value()));
                    case RESULTS -> job.onResult(WireCodecs.REENACTMENT.decode(record.value()), now);
                    case GENERATED -> job.onGenerated(WireCodecs.FRAME_DESCRIPTOR.decode(record.value()), now);
                    case DEAD_LETTERS -> job.onDeadLetter();
                }
                notifyAll();
            }
        } catch (MalformedRecordException e) {
            LOG.debug("ignoring undecodable record {}-{}@{}", record.topic(), record.partition(), record.offset());
        }
    }

    /** Registers a submitted job (records that arrived before are kept). */
    public synchronized void submitted(String jobId, long at, long uploadMillis, int frames) {
        jobs.computeIfAbsent(jobId, JobRecord::new).submitted(at, uploadMillis, frames);
        notifyAll();
    }

    public synchronized void submitFailed(String jobId, long at, String error) {
        jobs.computeIfAbsent(jobId, JobRecord::new).submitFailed(at, error);
        notifyAll();
    }

    /**
     * Waits until each of {@code jobIds} is terminal or {@code deadlineNanos} (System.nanoTime) passes.
     *
     * @return true when all ended in time
     */
    public synchronized boolean awaitTerminal(List<String> jobIds, long deadlineNanos) throws InterruptedException {
        while (true) {
            if (failure != null) {
                throw new IllegalStateException("the job tracker failed: " + failure, failure);
            }
            boolean all = jobIds.stream().allMatch(id -> jobs.containsKey(id) && jobs.get(id).terminal());
            if (all) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        }
    }

    public synchronized int terminalCount() {
        return (int) jobs.values().stream().filter(JobRecord::terminal).count();
    }

    /** The records of {@code jobIds}, in that order (after {@link #close}, nothing changes them any more). */
    public synchronized List<JobRecord> records(List<String> jobIds) {
        List<JobRecord> out = new ArrayList<>();
        for (String id : jobIds) {
            out.add(jobs.computeIfAbsent(id, JobRecord::new));
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
