package org.daganstream.motion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.common.kafka.DeadLetters;
import org.daganstream.common.kafka.FrameKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful step, on frames partitioned by jobId: remembers each job's source and anchor keypoints, buffers
 * driving frames until both are known, then emits every driving frame with {@code sourceKeypoints} and normalised
 * {@code drivingKeypoints}, keyed {@code jobId/frameIndex} again.
 *
 * <p>Idempotent: the first copy of the source, of the anchor and of each driving frame wins; a redelivered copy
 * is ignored, so duplicates never change or repeat output. A job's state is dropped once all its frames are
 * emitted; a small completion marker stays until the TTL to absorb late duplicates of that run, while frames of a
 * later ingest run of the same job id (newer {@code stageTimestamps["ingest"]}) start the job over. A punctuator
 * drops jobs that saw no frame for {@code motion.state.ttl}.
 */
final class MotionProcessor implements Processor<String, SourcedFrame, String, Routed<FrameDescriptor>> {

    private static final Logger LOG = LoggerFactory.getLogger(MotionProcessor.class);
    /** The stage whose timestamp tells one ingest run of a job from the next. */
    static final String INGEST_STAGE = "ingest";

    private final KeypointNormalizer normalizer = new KeypointNormalizer();
    private final Duration ttl;
    private final Duration ttlCheckInterval;
    private final String inputTopic;
    private final MotionMetrics metrics;

    private ProcessorContext<String, Routed<FrameDescriptor>> context;
    private KeyValueStore<String, JobMotionState> jobs;
    private KeyValueStore<String, SourcedFrame> buffer;
    private KeyValueStore<String, CompletedJob> completed;

    MotionProcessor(Duration ttl, Duration ttlCheckInterval, String inputTopic, MotionMetrics metrics) {
        this.ttl = ttl;
        this.ttlCheckInterval = ttlCheckInterval;
        this.inputTopic = inputTopic;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed<FrameDescriptor>> context) {
        this.context = context;
        this.jobs = context.getStateStore(MotionTopology.JOBS_STORE);
        this.buffer = context.getStateStore(MotionTopology.BUFFER_STORE);
        this.completed = context.getStateStore(MotionTopology.COMPLETED_STORE);
        // Wall-clock time: an abandoned job receives no records, so stream time would never advance for it.
        context.schedule(ttlCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::expireIdleJobs);
    }

    @Override
    public void process(Record<String, SourcedFrame> record) {
        FrameDescriptor frame = record.value().descriptor();
        String jobId = frame.getJobId();
        long now = context.currentSystemTimeMs();

        long ingestMs = frame.getStageTimestamps().getOrDefault(INGEST_STAGE, JobMotionState.NO_TIMESTAMP);
        CompletedJob done = completed.get(jobId);
        if (done != null) {
            if (!done.isOlderThan(ingestMs)) {
                LOG.debug("Ignoring {} of job {}: the job already completed", describe(frame), jobId);
                metrics.duplicate();
                return;
            }
            LOG.info("Job {}: frames of a new ingest run arrived after the job completed; starting it over", jobId);
            completed.delete(jobId);
        }
        MotionSettings settings = FrameValidator.settingsOf(frame);
        KeypointSet keypoints = KeypointsMapping.fromAvro(frame.getKeypoints()); // validated before repartition
        JobMotionState job = jobs.get(jobId);
        if (job == null) {
            job = JobMotionState.start(settings, frame.getFrameCount(), now);
        }
        String conflict = conflictWithJob(job, frame, settings, keypoints);
        if (conflict != null) {
            deadLetter(record, new InvalidFrameException(describe(frame) + " of job " + jobId + " " + conflict));
            return;
        }

        job.observeIngest(ingestMs);
        boolean wasReady = job.ready();
        if (frame.getRole() == FrameRole.SOURCE) {
            if (!job.offerSource(keypoints)) {
                metrics.duplicate();
            }
        } else {
            acceptDriving(job, record, settings, keypoints);
        }
        if (!wasReady && job.ready()) {
            releaseBuffered(jobId, job, record);
        }
        job.touch(now);
        if (job.complete()) {
            finish(jobId, job, now);
        } else {
            jobs.put(jobId, job);
        }
    }

    private void acceptDriving(JobMotionState job, Record<String, SourcedFrame> record, MotionSettings settings,
            KeypointSet keypoints) {
        FrameDescriptor frame = record.value().descriptor();
        int index = frame.getFrameIndex();
        String bufferKey = BufferKeys.of(frame.getJobId(), index);
        if (job.isEmitted(index) || buffer.get(bufferKey) != null) {
            metrics.duplicate();
            return;
        }
        if (FrameValidator.isAnchor(frame, settings)) {
            job.offerAnchor(keypoints);
        }
        if (job.ready()) {
            emit(job, record.value(), record);
        } else {
            buffer.put(bufferKey, record.value());
            job.addBuffered(1);
            metrics.buffered();
        }
    }

    /** Emits the job's buffered frames in frame order, now that normalisation can run. */
    private void releaseBuffered(String jobId, JobMotionState job, Record<String, SourcedFrame> trigger) {
        List<KeyValue<String, SourcedFrame>> waiting = bufferedFrames(jobId);
        for (KeyValue<String, SourcedFrame> entry : waiting) {
            buffer.delete(entry.key);
            job.addBuffered(-1);
            emit(job, entry.value, trigger);
            metrics.released();
        }
        if (!waiting.isEmpty()) {
            LOG.debug("Job {}: released {} buffered frames", jobId, waiting.size());
        }
    }

    private void emit(JobMotionState job, SourcedFrame sourced, Record<String, SourcedFrame> trigger) {
        FrameDescriptor frame = sourced.descriptor();
        KeypointSet normalised;
        try {
            normalised = normalizer.normalize(job.source(), job.anchor(),
                    KeypointsMapping.fromAvro(frame.getKeypoints()), job.settings());
        } catch (InvalidKeypointsException e) {
            deadLetter(trigger.withValue(sourced), new InvalidFrameException(describe(frame) + " of job "
                    + frame.getJobId() + " cannot be normalised: " + e.getMessage(), e));
            return;
        }
        Map<String, Long> timestamps = new HashMap<>(frame.getStageTimestamps());
        timestamps.put(MotionStage.NAME, context.currentSystemTimeMs());
        FrameDescriptor out = FrameDescriptor.newBuilder(frame)
                .setSourceKeypoints(KeypointsMapping.toAvro(job.source()))
                .setDrivingKeypoints(KeypointsMapping.toAvro(normalised))
                .setStageTimestamps(timestamps)
                .build();
        context.forward(new Record<>(FrameKeys.frame(out.getJobId(), out.getFrameIndex()), Routed.of(out), trigger.timestamp()));
        job.markEmitted(frame.getFrameIndex());
        metrics.emitted();
    }

    private void finish(String jobId, JobMotionState job, long now) {
        deleteBuffered(jobId);
        jobs.delete(jobId);
        completed.put(jobId, new CompletedJob(now, job.latestIngestMs()));
        metrics.jobCompleted();
        LOG.info("Job {}: all {} driving frames emitted; motion state dropped", jobId, job.frameCount());
    }

    private void expireIdleJobs(long now) {
        List<KeyValue<String, JobMotionState>> idle = new ArrayList<>();
        try (KeyValueIterator<String, JobMotionState> all = jobs.all()) {
            all.forEachRemaining(kv -> {
                if (now - kv.value.lastActivityMs() >= ttl.toMillis()) {
                    idle.add(kv);
                }
            });
        }
        for (KeyValue<String, JobMotionState> entry : idle) {
            JobMotionState job = entry.value;
            int dropped = deleteBuffered(entry.key);
            jobs.delete(entry.key);
            metrics.jobExpired(dropped);
            LOG.warn("Job {}: no frame for {}, dropping its motion state ({} of {} frames emitted, {} buffered frames"
                    + " dropped, source {}, anchor {})", entry.key, ttl, job.emittedCount(), job.frameCount(), dropped,
                    job.source() == null ? "missing" : "known",
                    job.settings().needsAnchor() ? (job.anchor() == null ? "missing" : "known") : "not needed");
        }
        List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, CompletedJob> all = completed.all()) {
            all.forEachRemaining(kv -> {
                if (now - kv.value.completedAtMs() >= ttl.toMillis()) {
                    forgotten.add(kv.key);
                }
            });
        }
        forgotten.forEach(completed::delete);
    }

    private int deleteBuffered(String jobId) {
        List<KeyValue<String, SourcedFrame>> waiting = bufferedFrames(jobId);
        waiting.forEach(kv -> buffer.delete(kv.key));
        return waiting.size();
    }

    /** Collected first: stores are not modified while an iterator is open. */
    private List<KeyValue<String, SourcedFrame>> bufferedFrames(String jobId) {
        List<KeyValue<String, SourcedFrame>> out = new ArrayList<>();
        try (KeyValueIterator<String, SourcedFrame> it =
                     buffer.prefixScan(BufferKeys.prefix(jobId), new StringSerializer())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Why this frame cannot belong to the job as first seen, or null when it fits. */
    private static String conflictWithJob(JobMotionState job, FrameDescriptor frame, MotionSettings settings,
            KeypointSet keypoints) {
        if (frame.getFrameCount() != job.frameCount()) {
            return "says frameCount=" + frame.getFrameCount() + " but the job's earlier frames said "
                    + job.frameCount();
        }
        if (!settings.equals(job.settings())) {
            return "carries motion options " + settings + " but the job's earlier frames carried " + job.settings();
        }
        if (job.numKp() > 0 && keypoints.numKp() != job.numKp()) {
            return "has numKp=" + keypoints.numKp() + " but the job's " + (job.source() != null ? "source" : "anchor")
                    + " has numKp=" + job.numKp() + " (frames from different model bundles?)";
        }
        return null;
    }

    private void deadLetter(Record<String, SourcedFrame> record, InvalidFrameException error) {
        SourcedFrame sourced = record.value();
        FrameDescriptor frame = sourced.descriptor();
        String key = FrameKeys.frame(frame.getJobId(), frame.getFrameIndex());
        LOG.warn("Dead-lettering {}: {}", key, error.getMessage());
        metrics.deadLettered("invalid");
        DeadLetterFrame deadLetter = DeadLetters.of(MotionStage.NAME, sourced.asConsumed(inputTopic, key), error, 1,
                frame);
        context.forward(new Record<>(key, Routed.deadLetter(deadLetter), record.timestamp()));
    }

    private static String describe(FrameDescriptor frame) {
        return frame.getRole() == FrameRole.SOURCE ? "source frame" : "driving frame " + frame.getFrameIndex();
    }
}
