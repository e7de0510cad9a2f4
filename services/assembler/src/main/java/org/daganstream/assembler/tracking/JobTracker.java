package org.daganstream.assembler.tracking;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.daganstream.assembler.AssemblerMetrics;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks each job's generated frames (keyed by job id after repartitioning) and publishes its status.
 *
 * <ul>
 *   <li>FRAME: counts the frame index once (a redelivered frame changes nothing), publishes throttled PROCESSING
 *   progress; when every frame and the manifest are in, publishes ASSEMBLING and hands the job to the muxer.</li>
 *   <li>MANIFEST: stores it (fps, audio and output options for the muxer) and adopts its frame count.</li>
 *   <li>RESULT: the job's {@code Reenactment} came back from the results topic, so its result is durable: publishes
 *   the final status when this assembler produced it, then deletes the job's state and remembers it as finished so
 *   late duplicates are ignored.</li>
 *   <li>Every {@code checkInterval} (wall clock): flushes progress that the throttle held back, flags jobs whose
 *   frames stopped arriving as STALLED naming the missing indexes, re-offers complete jobs without a result to the
 *   muxer (after a restart, or when its queue was full), and drops abandoned and long-finished jobs.</li>
 * </ul>
 * Wall-clock time comes from the processor context so tests can drive it.
 */
public final class JobTracker implements Processor<String, JobEvent, String, JobStatus> {

    public static final String JOBS_STORE = "assembler-jobs";
    public static final String MANIFESTS_STORE = "assembler-manifests";
    public static final String FINISHED_STORE = "assembler-finished";

    /** Stage name of the ingest timestamp in {@code FrameDescriptor.stageTimestamps}. */
    static final String INGEST_STAGE = "ingest";

    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);

    private final TrackerSettings settings;
    private final ProgressThrottle throttle;
    private final MuxHandoff handoff;
    private final AssemblerMetrics metrics;

    private ProcessorContext<String, JobStatus> context;
    private KeyValueStore<String, JobProgress> jobs;
    private KeyValueStore<String, byte[]> manifests;
    /** job id -> {last ingest time of the finished run, when it finished} (see {@link FinishedRun}). */
    private KeyValueStore<String, byte[]> finished;
    private long startedAt;

    public JobTracker(TrackerSettings settings, MuxHandoff handoff, AssemblerMetrics metrics) {
        this.settings = settings;
        this.throttle = new ProgressThrottle(settings.progressEveryFrames(), settings.progressInterval());
        this.handoff = handoff;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, JobStatus> context) {
        this.context = context;
        this.jobs = context.getStateStore(JOBS_STORE);
        this.manifests = context.getStateStore(MANIFESTS_STORE);
        this.finished = context.getStateStore(FINISHED_STORE);
        this.startedAt = context.currentSystemTimeMs();
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, JobEvent> record) {
        JobEvent event = record.value();
        if (event == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        try {
            switch (event.kind()) {
                case FRAME -> onFrame(WireCodecs.FRAME_DESCRIPTOR.decode(event.payload()), now);
                case MANIFEST -> onManifest(WireCodecs.JOB_MANIFEST.decode(event.payload()), event.payload(), now);
                case RESULT -> onResult(WireCodecs.REENACTMENT.decode(event.payload()), now);
            }
        } catch (MalformedRecordException e) {
            // Ingress validated these bytes before repartitioning, so this is a bug or a foreign writer: skip it.
            LOG.error("job {}: skipping undecodable {} event on the repartition topic: {}", record.key(), event.kind(),
                    e.getMessage());
        }
    }

    private void onFrame(FrameDescriptor frame, long now) {
        String jobId = frame.getJobId();
        Long ingested = frame.getStageTimestamps() == null ? null : frame.getStageTimestamps().get(INGEST_STAGE);
        if (belongsToFinishedRun(jobId, ingested == null ? -1 : ingested)) {
            LOG.debug("job {}: ignoring frame {} of a finished job", jobId, frame.getFrameIndex());
            metrics.frameDuplicate();
            return;
        }
        JobProgress progress = jobs.get(jobId);
        if (progress == null) {
            progress = JobProgress.start(jobId, frame.getFrameCount(), now);
        }
        if (progress.phase() == JobProgress.Phase.COMPLETE || progress.isDone(frame.getFrameIndex())) {
            metrics.frameDuplicate();
            return;
        }
        if (frame.getFrameIndex() >= progress.frameCount()) {
            LOG.warn("job {}: ignoring frame {}: the job has {} frames (per its manifest)", jobId,
                    frame.getFrameIndex(), progress.frameCount());
            return;
        }
        boolean wasStalled = progress.stalled();
        progress.markDone(frame.getFrameIndex(), now);
        progress.timings().record(frame.getStageTimestamps());
        metrics.frameCounted();
        if (wasStalled) {
            LOG.info("job {}: frames are arriving again ({}/{})", jobId, progress.doneCount(), progress.frameCount());
        }
        JobManifest manifest = manifest(jobId);
        if (progress.allFramesDone() && manifest != null) {
            complete(progress, manifest, now);
        } else if (wasStalled || throttle.dueAfterFrame(progress, now)) {
            report(progress, now);
        }
        jobs.put(jobId, progress);
    }

    private void onManifest(JobManifest manifest, byte[] bytes, long now) {
        String jobId = manifest.getJobId();
        if (belongsToFinishedRun(jobId, manifest.getCreatedAt().toEpochMilli())) {
            return;
        }
        manifests.put(jobId, bytes);
        JobProgress progress = jobs.get(jobId);
        if (progress == null) {
            progress = JobProgress.start(jobId, manifest.getFrameCount(), now);
        } else if (progress.phase() == JobProgress.Phase.COMPLETE) {
            return;
        } else {
            int dropped = progress.adoptFrameCount(manifest.getFrameCount());
            if (dropped > 0) {
                LOG.warn("job {}: manifest says {} frames; dropped {} counted frames beyond that", jobId,
                        manifest.getFrameCount(), dropped);
            }
            progress.touch(now);
        }
        if (progress.allFramesDone()) {
            complete(progress, manifest, now);
        }
        jobs.put(jobId, progress);
    }

    private void onResult(Reenactment result, long now) {
        String jobId = result.getJobId();
        JobProgress progress = jobs.get(jobId);
        long lastIngested = result.getFinishedAt().toEpochMilli();
        if (progress != null) {
            JobManifest manifest = manifest(jobId);
            lastIngested = Math.max(progress.timings().lastFinished(INGEST_STAGE),
                    manifest == null ? -1 : manifest.getCreatedAt().toEpochMilli());
            if (progress.phase() == JobProgress.Phase.COMPLETE) {
                boolean ok = result.getOutcome() == ReenactmentOutcome.SUCCEEDED;
                JobStatus status = JobStatuses.of(progress, ok ? JobState.SUCCEEDED : JobState.FAILED,
                        ok ? null : result.getError(), new int[0], now);
                context.forward(new Record<>(jobId, status, now));
                LOG.info("job {}: {} ({} frames)", jobId, ok ? "succeeded" : "failed: " + result.getError(),
                        progress.frameCount());
            } else {
                // Failed elsewhere (e.g. ingest), which publishes its own status: just stop tracking it.
                LOG.info("job {}: result {} published upstream; dropping its state", jobId, result.getOutcome());
            }
            jobs.delete(jobId);
        }
        manifests.delete(jobId);
        byte[] known = finished.get(jobId);
        if (progress == null && known != null) {
            // A repeated result of a run already finished: keep what that run recorded.
            lastIngested = FinishedRun.lastIngested(known);
        }
        finished.put(jobId, FinishedRun.encode(lastIngested, now));
        handoff.forget(jobId);
    }

    /**
     * Whether a record of a job that already finished is a leftover of that run (a late duplicate: ignore it) rather
     * than the start of a new run under the same job id (a resubmission: track it afresh). A finished job remembers
     * the last ingest time of its run; a new run was ingested later.
     *
     * @param ingestedAt when ingest produced the record (epoch millis), -1 when unknown
     */
    private boolean belongsToFinishedRun(String jobId, long ingestedAt) {
        byte[] run = finished.get(jobId);
        if (run == null) {
            return false;
        }
        if (ingestedAt > FinishedRun.lastIngested(run)) {
            LOG.info("job {}: finished before; records ingested since start a new run", jobId);
            finished.delete(jobId);
            return false;
        }
        return true;
    }

    private void complete(JobProgress progress, JobManifest manifest, long now) {
        progress.complete(now);
        // The last progress count always goes out, then the state change.
        report(progress, now);
        context.forward(new Record<>(progress.jobId(), JobStatuses.of(progress, JobState.ASSEMBLING, now), now));
        LOG.info("job {}: all {} frames generated; assembling", progress.jobId(), progress.frameCount());
        offer(progress, manifest);
    }

    private void offer(JobProgress progress, JobManifest manifest) {
        MuxRequest request = new MuxRequest(manifest, progress.timings().durations(),
                progress.timings().firstTimestamp() >= 0 ? progress.timings().firstTimestamp() : progress.createdAt(),
                progress.completedAt());
        if (!handoff.offer(request)) {
            LOG.info("job {}: muxer busy; will offer the job again", progress.jobId());
        }
    }

    private void report(JobProgress progress, long now) {
        context.forward(new Record<>(progress.jobId(), JobStatuses.of(progress, JobState.PROCESSING, now), now));
        progress.reported(now);
    }

    /** The periodic wall-clock check; see the class comment. */
    void check(long now) {
        List<KeyValue<String, JobProgress>> updates = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        try (KeyValueIterator<String, JobProgress> it = jobs.all()) {
            while (it.hasNext()) {
                KeyValue<String, JobProgress> entry = it.next();
                JobProgress p = entry.value;
                if (p.phase() == JobProgress.Phase.COMPLETE) {
                    reofferIfOrphaned(p, now);
                } else if (now - p.lastFrameAt() >= settings.stateTtl().toMillis()) {
                    abandoned.add(entry.key);
                } else if (checkTracking(p, now)) {
                    updates.add(entry);
                }
            }
        }
        updates.forEach(u -> jobs.put(u.key, u.value));
        for (String jobId : abandoned) {
            LOG.warn("job {}: no activity for {}; dropping its state (it stays STALLED)", jobId,
                    settings.stateTtl());
            jobs.delete(jobId);
            manifests.delete(jobId);
            metrics.jobAbandoned();
        }
        purgeFinished(now);
    }

    /** Late progress and stall detection for a job still receiving frames; true when its state changed. */
    private boolean checkTracking(JobProgress p, long now) {
        boolean changed = false;
        if (throttle.dueByTime(p, now)) {
            report(p, now);
            changed = true;
        }
        long idle = now - p.lastFrameAt();
        if (!p.stalled() && idle >= settings.stallTimeout().toMillis()) {
            int[] listed = p.missingFrames(settings.maxListedMissing());
            String reason = JobStatuses.stallReason(p, manifests.get(p.jobId()) != null, listed, idle);
            context.forward(new Record<>(p.jobId(), JobStatuses.of(p, JobState.STALLED, reason, listed, now), now));
            p.markStalled();
            metrics.jobStalled();
            LOG.warn("job {}: STALLED: {}", p.jobId(), reason);
            changed = true;
        }
        return changed;
    }

    private void reofferIfOrphaned(JobProgress p, long now) {
        if (handoff.inHand(p.jobId()) || now - startedAt < settings.recoveryGrace().toMillis()) {
            return;
        }
        JobManifest manifest = manifest(p.jobId());
        if (manifest == null) {
            LOG.error("job {}: complete but its manifest is gone; cannot assemble it", p.jobId());
            return;
        }
        LOG.info("job {}: complete without a published result; offering it to the muxer again", p.jobId());
        offer(p, manifest);
    }

    private void purgeFinished(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = finished.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                if (now - FinishedRun.finishedAt(e.value) >= settings.finishedRetention().toMillis()) {
                    expired.add(e.key);
                }
            }
        }
        expired.forEach(finished::delete);
    }

    private JobManifest manifest(String jobId) {
        byte[] bytes = manifests.get(jobId);
        return bytes == null ? null : WireCodecs.JOB_MANIFEST.decode(bytes);
    }
}
