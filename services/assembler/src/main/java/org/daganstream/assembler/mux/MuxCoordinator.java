package org.daganstream.assembler.mux;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.daganstream.assembler.AssemblerMetrics;
import org.daganstream.assembler.tracking.MuxHandoff;
import org.daganstream.assembler.tracking.MuxRequest;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.service.BoundedExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs muxes on a small bounded pool so the stream thread never waits for FFmpeg or S3, and publishes each job's
 * {@code Reenactment} (success or failure) once the broker acknowledges it.
 *
 * <p>Per job it remembers whether a mux is queued or running, waiting to be retried after a transient failure, or
 * already published; the tracker asks {@link #inHand} before offering a job again and calls {@link #forget} once the
 * published result has come back through the results topic. A full queue refuses new jobs ({@link #offer} returns
 * false) instead of blocking; the tracker offers them again on its next check.
 */
public final class MuxCoordinator implements MuxHandoff, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MuxCoordinator.class);

    private enum Stage { RUNNING, RETRY_WAIT, PUBLISHED }

    private record Entry(Stage stage, int attempts, long retryAt) {
    }

    private final Function<MuxRequest, MuxResult> muxer;
    private final ResultPublisher publisher;
    private final MuxPolicy policy;
    private final AssemblerMetrics metrics;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();

    public MuxCoordinator(Function<MuxRequest, MuxResult> muxer, ResultPublisher publisher, MuxPolicy policy,
                          AssemblerMetrics metrics, Clock clock) {
        this.muxer = muxer;
        this.publisher = publisher;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        // A full queue rejects: offer() then answers false and the tracker offers the job again later.
        this.executor = BoundedExecutors.fixed("assembler-mux", policy.threads(), policy.queueCapacity());
        metrics.muxInFlight(() -> executor.getActiveCount() + executor.getQueue().size());
    }

    @Override
    public boolean offer(MuxRequest request) {
        String jobId = request.jobId();
        long now = clock.millis();
        boolean[] submit = {false};
        Entry entry = jobs.compute(jobId, (id, current) -> {
            if (current == null) {
                submit[0] = true;
                return new Entry(Stage.RUNNING, 1, 0);
            }
            if (current.stage() == Stage.RETRY_WAIT && now >= current.retryAt()) {
                submit[0] = true;
                return new Entry(Stage.RUNNING, current.attempts() + 1, 0);
            }
            return current;
        });
        if (!submit[0]) {
            return entry.stage() != Stage.RETRY_WAIT;
        }
        try {
            executor.execute(() -> run(request, entry.attempts()));
            return true;
        } catch (RejectedExecutionException e) {
            jobs.computeIfPresent(jobId, (id, current) ->
                    current.attempts() <= 1 ? null : new Entry(Stage.RETRY_WAIT, current.attempts() - 1, now));
            return false;
        }
    }

    @Override
    public boolean inHand(String jobId) {
        Entry e = jobs.get(jobId);
        return e != null && (e.stage() != Stage.RETRY_WAIT || clock.millis() < e.retryAt());
    }

    @Override
    public void forget(String jobId) {
        jobs.remove(jobId);
    }

    private void run(MuxRequest request, int attempt) {
        String jobId = request.jobId();
        long start = System.nanoTime();
        Reenactment result;
        try {
            MuxResult mux = muxer.apply(request);
            long muxNanos = System.nanoTime() - start;
            metrics.muxTime(muxNanos);
            result = succeeded(request, mux, muxNanos / 1_000_000);
        } catch (MuxException e) {
            if (e.isTransient() && retryLater(jobId, attempt, e)) {
                return;
            }
            result = failed(request, e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.error("job {}: unexpected error while assembling", jobId, e);
            if (retryLater(jobId, attempt, e)) {
                return;
            }
            result = failed(request, "assembling the result failed: " + e, (System.nanoTime() - start) / 1_000_000);
        }
        publish(result, attempt);
    }

    private void publish(Reenactment result, int attempt) {
        String jobId = result.getJobId();
        try {
            publisher.publish(result);
        } catch (RuntimeException e) {
            LOG.error("job {}: could not publish its result: {}", jobId, e.getMessage());
            retryLater(jobId, attempt, e);
            return;
        }
        jobs.computeIfPresent(jobId, (id, current) -> new Entry(Stage.PUBLISHED, current.attempts(), 0));
        if (result.getOutcome() == ReenactmentOutcome.SUCCEEDED) {
            metrics.jobSucceeded();
        } else {
            metrics.jobFailed();
            LOG.warn("job {}: FAILED: {}", jobId, result.getError());
        }
    }

    /** @return false when the attempts are used up and the job must be reported failed */
    private boolean retryLater(String jobId, int attempt, RuntimeException error) {
        if (attempt >= policy.maxAttempts()) {
            return false;
        }
        long delay = policy.backoff().delay(attempt).toMillis();
        LOG.warn("job {}: attempt {} of {} failed ({}); trying again in {} ms", jobId, attempt, policy.maxAttempts(),
                error.getMessage(), delay);
        metrics.muxRetry();
        jobs.computeIfPresent(jobId, (id, current) -> new Entry(Stage.RETRY_WAIT, attempt, clock.millis() + delay));
        return true;
    }

    private Reenactment succeeded(MuxRequest request, MuxResult mux, long muxMillis) {
        long now = clock.millis();
        return base(request, muxMillis, now)
                .setOutcome(ReenactmentOutcome.SUCCEEDED)
                .setVideoKey(mux.videoKey())
                .setFramesPrefix(mux.framesPrefix())
                .setFrameCount(mux.frameCount())
                .setFps(mux.fps())
                .setHasAudio(mux.hasAudio())
                .build();
    }

    private Reenactment failed(MuxRequest request, String error, long muxMillis) {
        return base(request, muxMillis, clock.millis())
                .setOutcome(ReenactmentOutcome.FAILED)
                .setError(error)
                .build();
    }

    private static Reenactment.Builder base(MuxRequest request, long muxMillis, long now) {
        JobManifest manifest = request.manifest();
        Map<String, Long> timings = new HashMap<>(request.stageTimings());
        timings.put("assembler", muxMillis);
        timings.put("total", Math.max(0, now - request.firstTimestamp()));
        Map<String, String> callback = manifest.getOptions() == null ? Map.of()
                : manifest.getOptions().getCallbackMetadata();
        return Reenactment.newBuilder()
                .setJobId(request.jobId())
                .setFrameCount(request.frameCount())
                .setFps(manifest.getFps())
                .setHasAudio(false)
                .setCallbackMetadata(new HashMap<>(callback))
                .setStageTimings(timings)
                .setFinishedAt(Instant.ofEpochMilli(now));
    }

    /** Jobs queued or being muxed right now. */
    public int inFlight() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    /**
     * Stops taking jobs and waits up to the shutdown timeout for muxes in progress; unfinished ones stay complete in
     * the tracker's state and are muxed again after the next start.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(policy.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} mux(es) still running after {}; they will be redone after restart", inFlight(),
                        policy.shutdownTimeout());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
