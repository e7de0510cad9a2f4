package org.daganstream.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.kafka.DeadLetters;
import org.daganstream.common.kafka.Decoded;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.retry.Backoff;
import org.daganstream.schema.WireCodecs;
import org.daganstream.worker.InvalidFrameException;
import org.daganstream.worker.StageProcessor;
import org.daganstream.worker.WorkerMetrics;
import org.daganstream.worker.batch.FrameQueue;
import org.daganstream.worker.batch.InFlight;
import org.daganstream.worker.batch.WorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one batch from the queue to acknowledged output: checks each descriptor, loads each frame, runs the model
 * once for the batch (re-running frames alone if the batch run fails, to isolate a bad one), stores each output,
 * publishes the next descriptors and waits for the broker, then marks the frames finished so their offsets can be
 * committed. A failing frame is retried after a backoff when the failure may pass, and otherwise (or after
 * {@code worker.max.attempts}) dead-lettered with its stage, error and attempts; the rest of the batch goes on.
 *
 * @param <I> the processor's loaded input
 * @param <O> the processor's output
 */
public final class BatchPipeline<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

    /** Where the pipeline sends things and what it must respect. */
    public record Settings(String stage, String outputTopic, String deadLetterTopic, String bundleId,
                           boolean requireBundleMatch, int maxAttempts, int transientMaxAttempts, Backoff backoff) {
    }

    private final StageProcessor<I, O> processor;
    private final Settings settings;
    private final Publisher publisher;
    private final FrameQueue queue;
    private final InFlight inFlight;
    private final ScheduledExecutorService retryTimer;
    private final WorkerMetrics metrics;
    private final Clock clock;

    public BatchPipeline(StageProcessor<I, O> processor, Settings settings, Publisher publisher, FrameQueue queue,
                         InFlight inFlight, ScheduledExecutorService retryTimer, WorkerMetrics metrics, Clock clock) {
        this.processor = processor;
        this.settings = settings;
        this.publisher = publisher;
        this.queue = queue;
        this.inFlight = inFlight;
        this.retryTimer = retryTimer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A frame between phases. */
    private final class Frame {
        final WorkItem item;
        final FrameDescriptor descriptor;
        I input;
        O output;
        ProducerRecord<String, byte[]> next;

        Frame(WorkItem item, FrameDescriptor descriptor) {
            this.item = item;
            this.descriptor = descriptor;
        }
    }

    /** Processes a batch of started items; every item ends finished, waiting to retry, or dead-lettered. */
    public void run(List<WorkItem> batch) {
        long now = System.nanoTime();
        List<Frame> frames = new ArrayList<>(batch.size());
        for (WorkItem item : batch) {
            metrics.queueWait(now - item.enqueuedNanos());
            if (item.deadLetterCause() != null) {
                deadLetter(item, item.deadLetterCause()); // only the dead-letter publication was left to do
                continue;
            }
            if (item.decoded() instanceof Decoded.Malformed<FrameDescriptor> bad) {
                metrics.error(FailureKind.MALFORMED);
                giveUp(item, bad.error());
            } else if (item.decoded() instanceof Decoded.Ok<FrameDescriptor> ok) {
                try {
                    check(ok.value());
                    frames.add(new Frame(item, ok.value()));
                } catch (RuntimeException e) {
                    fail(item, e);
                }
            } else {
                // A null value on a frame topic carries no work: nothing to do but move past it.
                LOG.debug("skipping tombstone at {}", item.position());
                inFlight.finished(item);
            }
        }
        if (frames.isEmpty()) {
            return;
        }
        metrics.batch(frames.size());
        List<Frame> loaded = load(frames);
        List<Frame> inferred = infer(loaded);
        List<Frame> stored = store(inferred);
        publish(stored);
    }

    /** Descriptor rules the runtime enforces for every stage. */
    private void check(FrameDescriptor d) {
        BlobKeys.jobId(d.getJobId());
        boolean source = d.getRole() == FrameRole.SOURCE;
        if (source != (d.getFrameIndex() == FrameKeys.SOURCE_INDEX) || d.getFrameIndex() < FrameKeys.SOURCE_INDEX) {
            throw new InvalidFrameException("frame " + d.getJobId() + "/" + d.getFrameIndex() + " has role "
                    + d.getRole() + " with frame index " + d.getFrameIndex()
                    + " (the source is frame -1, driving frames are 0 or more)");
        }
        if (settings.requireBundleMatch() && !settings.bundleId().equals(d.getModelBundleId())) {
            throw new InvalidFrameException("frame " + FrameKeys.frame(d.getJobId(), d.getFrameIndex())
                    + " asks for model bundle " + d.getModelBundleId() + " but this " + settings.stage()
                    + " worker serves " + settings.bundleId()
                    + "; run a worker with that bundle, or set worker.require.bundle.match=false");
        }
    }

    private List<Frame> load(List<Frame> frames) {
        List<Frame> ok = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            try {
                f.input = processor.load(f.descriptor);
                ok.add(f);
            } catch (RuntimeException e) {
                fail(f.item, e);
            }
        }
        return ok;
    }

    private List<Frame> infer(List<Frame> frames) {
        if (frames.isEmpty()) {
            return frames;
        }
        try {
            assign(frames, runModel(frames));
            return frames;
        } catch (RuntimeException batchFailure) {
            if (frames.size() == 1) {
                fail(frames.get(0).item, batchFailure);
                return List.of();
            }
            LOG.warn("{}: a batch of {} frames failed ({}); running them one by one to isolate the cause",
                    settings.stage(), frames.size(), batchFailure.toString());
        }
        List<Frame> ok = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            try {
                assign(List.of(f), runModel(List.of(f)));
                ok.add(f);
            } catch (RuntimeException e) {
                fail(f.item, e);
            }
        }
        return ok;
    }

    private List<O> runModel(List<Frame> frames) {
        List<I> inputs = new ArrayList<>(frames.size());
        frames.forEach(f -> inputs.add(f.input));
        long started = System.nanoTime();
        List<O> outputs = processor.infer(inputs);
        metrics.inference(Duration.ofNanos(System.nanoTime() - started));
        if (outputs == null || outputs.size() != inputs.size()) {
            throw new IllegalStateException(settings.stage() + " processor returned "
                    + (outputs == null ? "no" : outputs.size()) + " outputs for " + inputs.size() + " inputs");
        }
        return outputs;
    }

    private void assign(List<Frame> frames, List<O> outputs) {
        for (int i = 0; i < frames.size(); i++) {
            frames.get(i).output = outputs.get(i);
        }
    }

    private List<Frame> store(List<Frame> frames) {
        List<Frame> ok = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            try {
                FrameDescriptor next = stamp(processor.store(f.descriptor, f.output));
                f.next = new ProducerRecord<>(settings.outputTopic(),
                        FrameKeys.frame(next.getJobId(), next.getFrameIndex()), WireCodecs.FRAME_DESCRIPTOR.encode(next));
                f.input = null; // the tensors are no longer needed while the batch is being acknowledged
                f.output = null;
                ok.add(f);
            } catch (RuntimeException e) {
                fail(f.item, e);
            }
        }
        return ok;
    }

    private FrameDescriptor stamp(FrameDescriptor next) {
        Map<String, Long> timestamps = new HashMap<>(next.getStageTimestamps());
        timestamps.put(settings.stage(), clock.millis());
        return FrameDescriptor.newBuilder(next).setStageTimestamps(timestamps).build();
    }

    private void publish(List<Frame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(frames.size());
        frames.forEach(f -> records.add(f.next));
        List<Publisher.Outcome> outcomes = publisher.publishAll(records);
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            Publisher.Outcome outcome = outcomes.get(i);
            if (outcome.ok()) {
                if (inFlight.finished(f.item)) {
                    metrics.published();
                }
            } else {
                metrics.error(WorkerMetrics.PUBLISH_ERROR);
                retryOrGiveUp(f.item, outcome.failure(), FailureKind.of(outcome.failure()));
            }
        }
    }

    /** A frame failed in one of the phases: retry it later or give up on it. */
    private void fail(WorkItem item, Throwable failure) {
        FailureKind kind = FailureKind.of(failure);
        metrics.error(kind);
        retryOrGiveUp(item, failure, kind);
    }

    private void retryOrGiveUp(WorkItem item, Throwable failure, FailureKind kind) {
        int limit = kind == FailureKind.TRANSIENT ? settings.transientMaxAttempts() : settings.maxAttempts();
        if (kind.permanent() || item.attempts() >= limit) {
            giveUp(item, failure);
        } else {
            LOG.warn("{}: attempt {} of {} at {} failed, retrying: {}", settings.stage(), item.attempts(), limit,
                    item.position(), failure.toString());
            retryLater(item);
        }
    }

    private void giveUp(WorkItem item, Throwable failure) {
        item.deadLetterPending(failure);
        deadLetter(item, failure);
    }

    private void deadLetter(WorkItem item, Throwable failure) {
        var deadLetter = DeadLetters.of(settings.stage(), item.record(), failure, item.deadLetterAttempts(),
                item.descriptor());
        try {
            publisher.publish(DeadLetters.toRecord(settings.deadLetterTopic(), deadLetter));
        } catch (RuntimeException e) {
            // Without its dead letter the frame must not be committed: try the publication again later.
            metrics.error(WorkerMetrics.PUBLISH_ERROR);
            LOG.error("{}: cannot publish the dead letter for {} to {}, will try again: {}", settings.stage(),
                    item.position(), settings.deadLetterTopic(), e.toString());
            retryLater(item);
            return;
        }
        if (inFlight.finished(item)) {
            metrics.deadLettered();
            LOG.warn("{}: dead-lettered {} after {} attempt(s): {}", settings.stage(), item.position(),
                    item.deadLetterAttempts(), failure.toString());
        }
    }

    private void retryLater(WorkItem item) {
        if (!item.awaitRetry()) {
            return;
        }
        metrics.retry();
        Duration delay = settings.backoff().delay(Math.max(1, item.attempts()));
        try {
            retryTimer.schedule(() -> requeue(item), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.dropped(item);
        }
    }

    private void requeue(WorkItem item) {
        // A partition revoked meanwhile belongs to another consumer now: leave the frame to it.
        if (!inFlight.offsets().isCurrent(item.lease())) {
            inFlight.dropped(item);
            return;
        }
        if (item.requeue(System.nanoTime()) && !queue.add(item)) {
            inFlight.dropped(item);
        }
    }

    /** Settles items of a batch that threw past the phases above (a bug): retried like any other failure. */
    public void failAll(List<WorkItem> batch, Throwable failure) {
        for (WorkItem item : batch) {
            if (item.state() == WorkItem.State.RUNNING) {
                fail(item, failure);
            }
        }
    }
}
