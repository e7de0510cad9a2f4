package org.daganstream.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.daganstream.worker.pipeline.FailureKind;

/**
 * The stage loop's meters, every one tagged {@code stage}. In Prometheus form: {@code dagan_worker_frames_total}
 * (outcome {@code published|dead_lettered}; its rate is frames/s), {@code dagan_worker_batch_size},
 * {@code dagan_worker_queue_wait_seconds}, {@code dagan_worker_inference_seconds} (per batch),
 * {@code dagan_worker_errors_total} (kind, see {@link FailureKind} plus {@code publish}),
 * {@code dagan_worker_retries_total}, {@code dagan_worker_in_flight}, {@code dagan_worker_queue_depth},
 * {@code dagan_worker_paused} (1 while the consumer is paused), {@code dagan_worker_pauses_total},
 * {@code dagan_worker_consumer_lag} (records behind the log end, summed over owned partitions),
 * {@code dagan_worker_rebalances_total} (partitions revoked or lost).
 */
public final class WorkerMetrics {

    public static final String FRAMES = "dagan.worker.frames";
    public static final String BATCH_SIZE = "dagan.worker.batch.size";
    public static final String QUEUE_WAIT = "dagan.worker.queue.wait";
    public static final String INFERENCE = "dagan.worker.inference";
    public static final String ERRORS = "dagan.worker.errors";
    public static final String RETRIES = "dagan.worker.retries";
    public static final String IN_FLIGHT = "dagan.worker.in.flight";
    public static final String QUEUE_DEPTH = "dagan.worker.queue.depth";
    public static final String PAUSED = "dagan.worker.paused";
    public static final String PAUSES = "dagan.worker.pauses";
    public static final String LAG = "dagan.worker.consumer.lag";
    public static final String REBALANCES = "dagan.worker.rebalances";

    /** Error kind for a publication (output or dead letter) that failed after the producer's retries. */
    public static final String PUBLISH_ERROR = "publish";

    private final MeterRegistry registry;
    private final String stage;
    private final Counter published;
    private final Counter deadLettered;
    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Timer inference;
    private final Counter retries;
    private final Counter pauses;
    private final Counter rebalances;
    private final AtomicLong paused = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
        this.published = Counter.builder(FRAMES).description("Frames finished, by outcome")
                .tag("stage", stage).tag("outcome", "published").register(registry);
        this.deadLettered = Counter.builder(FRAMES).description("Frames finished, by outcome")
                .tag("stage", stage).tag("outcome", "dead_lettered").register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE).description("Frames per inference batch")
                .tag("stage", stage).publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(64.0)
                .register(registry);
        this.queueWait = Timer.builder(QUEUE_WAIT).description("Time a frame waited between consumption and its batch")
                .tag("stage", stage).publishPercentileHistogram().register(registry);
        this.inference = Timer.builder(INFERENCE).description("Model time per batch")
                .tag("stage", stage).publishPercentileHistogram().register(registry);
        this.retries = Counter.builder(RETRIES).description("Frames scheduled for another attempt")
                .tag("stage", stage).register(registry);
        this.pauses = Counter.builder(PAUSES).description("Times the consumer paused for backpressure")
                .tag("stage", stage).register(registry);
        this.rebalances = Counter.builder(REBALANCES).description("Times partitions were revoked from or lost by this"
                + " consumer").tag("stage", stage).register(registry);
        Gauge.builder(PAUSED, paused, AtomicLong::get).description("1 while the consumer is paused for backpressure")
                .tag("stage", stage).register(registry);
        Gauge.builder(LAG, lag, AtomicLong::get).description("Records behind the log end on owned partitions")
                .tag("stage", stage).register(registry);
    }

    /** Registers the gauges read from live state. */
    public void bindInFlight(Supplier<Number> inFlight, Supplier<Number> queueDepth) {
        Gauge.builder(IN_FLIGHT, inFlight).description("Frames consumed and not yet finished")
                .tag("stage", stage).register(registry);
        Gauge.builder(QUEUE_DEPTH, queueDepth).description("Frames waiting for an inference thread")
                .tag("stage", stage).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void published() {
        published.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void batch(int size) {
        batchSize.record(size);
    }

    public void queueWait(long nanos) {
        queueWait.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    public void inference(Duration took) {
        inference.record(took);
    }

    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> Counter.builder(ERRORS).description("Frame failures, by kind")
                .tag("stage", stage).tag("kind", k).register(registry)).increment();
    }

    public void error(FailureKind kind) {
        error(kind.tag());
    }

    public void retry() {
        retries.increment();
    }

    public void paused(boolean isPaused) {
        if (isPaused && paused.getAndSet(1) == 0) {
            pauses.increment();
        } else if (!isPaused) {
            paused.set(0);
        }
    }

    public void rebalance() {
        rebalances.increment();
    }

    public double rebalancesCount() {
        return rebalances.count();
    }

    public boolean isPaused() {
        return paused.get() == 1;
    }

    public void lag(long records) {
        lag.set(records);
    }

    // ---- reads, for health details and tests ----

    public double publishedCount() {
        return published.count();
    }

    public double deadLetteredCount() {
        return deadLettered.count();
    }

    public double pausesCount() {
        return pauses.count();
    }

    public double errorCount(String kind) {
        Counter c = errors.get(kind);
        return c == null ? 0 : c.count();
    }
}
