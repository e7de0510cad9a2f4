package org.daganstream.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.kafka.RecordDecoder;
import org.daganstream.worker.batch.FrameQueue;
import org.daganstream.worker.batch.InFlight;
import org.daganstream.worker.consume.ConsumeLoop;
import org.daganstream.worker.consume.OffsetTracker;
import org.daganstream.worker.pipeline.BatchPipeline;
import org.daganstream.worker.pipeline.InferencePool;
import org.daganstream.worker.pipeline.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of one stage, wired together: consume loop, frame queue, inference threads, retry timer and
 * producer. Started and stopped by {@link StageVerticle}.
 */
final class StageRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(StageRuntime.class);

    private final WorkerSettings settings;
    private final FrameQueue queue;
    private final InFlight inFlight;
    private final ConsumeLoop loop;
    private final InferencePool pool;
    private final ScheduledExecutorService retryTimer;
    private final Producer<String, byte[]> producer;

    private StageRuntime(WorkerSettings settings, FrameQueue queue, InFlight inFlight, ConsumeLoop loop,
                         InferencePool pool, ScheduledExecutorService retryTimer, Producer<String, byte[]> producer) {
        this.settings = settings;
        this.queue = queue;
        this.inFlight = inFlight;
        this.loop = loop;
        this.pool = pool;
        this.retryTimer = retryTimer;
        this.producer = producer;
    }

    static <I, O> StageRuntime create(WorkerSettings settings, StageProcessor<I, O> processor, String bundleId,
                                      Producer<String, byte[]> producer, Consumer<String, byte[]> consumer,
                                      WorkerMetrics metrics) {
        FrameQueue queue = new FrameQueue();
        InFlight inFlight = new InFlight(new OffsetTracker());
        ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, settings.stage() + "-retry-timer");
            t.setDaemon(true);
            return t;
        });
        Publisher publisher = new Publisher(producer, settings.publishAttempts(), settings.backoff());
        BatchPipeline<I, O> pipeline = new BatchPipeline<>(processor,
                new BatchPipeline.Settings(settings.stage(), settings.outputTopic(), settings.deadLetterTopic(),
                        bundleId, settings.requireBundleMatch(), settings.maxAttempts(),
                        settings.transientMaxAttempts(), settings.backoff()),
                publisher, queue, inFlight, retryTimer, metrics, Clock.systemUTC());
        InferencePool pool = new InferencePool(settings.stage(), settings.inferenceThreads(), queue, pipeline,
                settings.batchMaxSize(), settings.batchMaxDelay());
        ConsumeLoop loop = new ConsumeLoop(consumer,
                new ConsumeLoop.Settings(settings.stage(), settings.inputTopic(), settings.queueCapacity(),
                        settings.resumeThreshold(), settings.pollTimeout(), settings.commitInterval(),
                        settings.revokeTimeout(), settings.shutdownTimeout()),
                queue, inFlight, RecordDecoder.forType(FrameDescriptor.class).withMetrics(metrics.registry()), metrics);
        metrics.bindInFlight(inFlight::count, queue::size);
        return new StageRuntime(settings, queue, inFlight, loop, pool, retryTimer, producer);
    }

    void start() {
        pool.start();
        loop.start();
        LOG.info("{}: consuming {} -> {} (batch <= {} within {} ms, {} inference thread(s), {} frames in hand)",
                settings.stage(), settings.inputTopic(), settings.outputTopic(), settings.batchMaxSize(),
                settings.batchMaxDelay().toMillis(), settings.inferenceThreads(), settings.queueCapacity());
    }

    /** Stops polling, finishes and commits the frames in hand, then closes the producer. Blocking. */
    void stop() {
        loop.requestStop();
        Duration wait = settings.shutdownTimeout().plus(settings.revokeTimeout()).plusSeconds(15);
        try {
            if (!loop.awaitStopped(wait)) {
                LOG.warn("{}: consume loop did not stop within {} ms", settings.stage(), wait.toMillis());
            }
            pool.shutdown(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retryTimer.shutdownNow();
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the producer failed: {}", settings.stage(), e.toString());
        }
    }

    boolean isPolling() {
        return loop.isPolling();
    }

    boolean isAlive() {
        return loop.isAlive(settings.livenessTimeout()) && (pool.isAlive() || queue.isClosed());
    }

    int assignedPartitions() {
        return loop.assignedPartitions();
    }

    int inFlight() {
        return inFlight.count();
    }

    CompletableFuture<Void> stopped() {
        return loop.stopped();
    }
}
