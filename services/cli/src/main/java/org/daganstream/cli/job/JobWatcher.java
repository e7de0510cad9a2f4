package org.daganstream.cli.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobState;
import org.daganstream.cli.CliFailure;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one job on the pipeline's topics and feeds a {@link JobView}. It reads like any outside observer: a
 * consumer without a group (nothing is committed, nothing is taken from the services), assigned to every partition
 * of the chosen topics. Records of other jobs are skipped by key before decoding; records that do not decode are
 * ignored (they are some stage's problem, not the watcher's).
 */
public final class JobWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWatcher.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** How long a SUCCEEDED status may precede its result record before the watch ends without it. */
    private static final Duration RESULT_GRACE = Duration.ofSeconds(10);
    /** Producers' clocks may lag ours a little; start reading this much before {@code since}. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

    /** What to follow. */
    public enum Feed {
        /** {@code dagan.jobs.status}: states and progress. */
        STATUS(Topics.JOB_STATUS),
        /** {@code dagan.reenactments}: the final result. */
        RESULTS(Topics.REENACTMENTS),
        /** {@code dagan.frames.dlq}: frames a stage gave up on. */
        DEAD_LETTERS(Topics.FRAMES_DLQ),
        /** {@code dagan.frames.generated}: each generated frame, with its stage timestamps. */
        GENERATED(Topics.FRAMES_GENERATED);

        private final String topic;

        Feed(String topic) {
            this.topic = topic;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Feed> feedsByTopic;
    private final JobView view;

    private JobWatcher(KafkaConsumer<String, byte[]> consumer, Map<String, Feed> feedsByTopic, JobView view) {
        this.consumer = consumer;
        this.feedsByTopic = feedsByTopic;
        this.view = view;
    }

    /**
     * @param since read records from about this time on (records older than the job are irrelevant), or null to
     *              read every topic from its beginning (needed to find a job submitted earlier)
     * @throws CliFailure exit 4 when the broker cannot be reached or a topic does not exist
     */
    public static JobWatcher open(DaganConfig config, String jobId, Set<Feed> feeds, Instant since) {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(config, null, "dagan-cli-watch");
        try {
            Map<String, Feed> byTopic = new HashMap<>();
            List<TopicPartition> partitions = new ArrayList<>();
            for (Feed feed : EnumSet.copyOf(feeds)) {
                String topic = Topics.resolve(config, feed.topic);
                byTopic.put(topic, feed);
                partitions.addAll(partitionsOf(consumer, topic, config));
            }
            consumer.assign(partitions);
            seek(consumer, partitions, since);
            return new JobWatcher(consumer, byTopic, new JobView(jobId));
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            throw e;
        }
    }

    /** Every partition of {@code topic}; shared with the replay and fetch commands. */
    public static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, DaganConfig config) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        } catch (TimeoutException e) {
            throw CliFailure.infra("cannot reach Kafka at " + config.get(KafkaClients.BOOTSTRAP, "?") + " (no answer"
                    + " within " + METADATA_TIMEOUT.toSeconds() + " s); check kafka.bootstrap.servers", e);
        }
        if (infos == null || infos.isEmpty()) {
            throw CliFailure.infra("topic " + topic + " does not exist on " + config.get(KafkaClients.BOOTSTRAP, "?")
                    + "; is the pipeline deployed there (its services create the topics)?", null);
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private static void seek(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant since) {
        if (since == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        long from = since.minus(CLOCK_SLACK).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
        List<TopicPartition> toEnd = new ArrayList<>();
        offsets.forEach((tp, o) -> {
            if (o == null) {
                toEnd.add(tp);
            } else {
                consumer.seek(tp, o.offset());
            }
        });
        consumer.seekToEnd(toEnd);
    }

    public JobView view() {
        return view;
    }

    /**
     * Polls until the job ends under {@code rules} or {@code timeout} passes (null = no limit).
     *
     * @param onTick called after every poll (about 5 times a second), e.g. to redraw a progress bar
     * @return how the job ended, or empty on timeout
     */
    public Optional<JobEnd> await(JobView.EndRules rules, Duration timeout, Runnable onTick) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long succeededWithoutResultSince = -1;
        while (true) {
            pollOnce(POLL);
            onTick.run();
            Optional<JobEnd> end = view.end(rules);
            if (end.isPresent()) {
                return end;
            }
            if (view.state() == JobState.SUCCEEDED) {
                // The result record is published before the SUCCEEDED status, so it is on its way (or was
                // published before the window this watcher reads).
                long now = System.nanoTime();
                if (succeededWithoutResultSince < 0) {
                    succeededWithoutResultSince = now;
                } else if (now - succeededWithoutResultSince > RESULT_GRACE.toNanos()) {
                    return Optional.of(new JobEnd(JobEnd.Kind.SUCCEEDED, null, null));
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
        }
    }

    /**
     * Reads everything published so far (up to the end offsets as of now) into the view, then returns: a snapshot
     * of what the topics know about the job.
     */
    public void catchUp() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), METADATA_TIMEOUT);
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), METADATA_TIMEOUT) < e.getValue())) {
            pollOnce(POLL);
        }
    }

    /** One poll; every record about the job goes into the view. */
    public void pollOnce(Duration wait) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            Feed feed = feedsByTopic.get(record.topic());
            if (feed == null || record.value() == null || !concernsJob(feed, record.key())) {
                continue;
            }
            try {
                switch (feed) {
                    case STATUS -> view.onStatus(WireCodecs.JOB_STATUS.decode(record.value()));
                    case RESULTS -> view.onResult(WireCodecs.REENACTMENT.decode(record.value()));
                    case DEAD_LETTERS -> view.onDeadLetter(WireCodecs.DEAD_LETTER_FRAME.decode(record.value()));
                    case GENERATED -> onGenerated(WireCodecs.FRAME_DESCRIPTOR.decode(record.value()));
                }
            } catch (MalformedRecordException e) {
                LOG.debug("ignoring undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    private void onGenerated(FrameDescriptor d) {
        if (view.jobId().equals(d.getJobId())) {
            view.onGenerated(d);
        }
    }

    /** Status and result topics are keyed by job id; frame topics and the DLQ by {@code jobId/frame}. */
    private boolean concernsJob(Feed feed, String key) {
        if (key == null) {
            return false;
        }
        String jobId = view.jobId();
        return switch (feed) {
            case STATUS, RESULTS -> key.equals(jobId);
            case DEAD_LETTERS, GENERATED -> key.equals(jobId) || key.startsWith(jobId + "/")
                    && key.indexOf('/', jobId.length() + 1) < 0;
        };
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
