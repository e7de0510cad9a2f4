package org.daganstream.worker.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.daganstream.worker.batch.FrameQueue;
import org.daganstream.worker.batch.WorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage's bounded executor: a fixed number of threads ({@code worker.inference.threads}), each taking the next
 * batch from the {@link FrameQueue} and running it through the {@link BatchPipeline}. Model work never runs on an
 * event loop or on the consume thread. The queue is bounded by the consume loop's admission control, so nothing
 * here grows without limit. On {@link #shutdown} the threads finish every queued frame, then exit.
 */
public final class InferencePool {

    private static final Logger LOG = LoggerFactory.getLogger(InferencePool.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(250);

    private final String stage;
    private final FrameQueue queue;
    private final BatchPipeline<?, ?> pipeline;
    private final int batchMaxSize;
    private final Duration batchMaxDelay;
    private final List<Thread> threads = new ArrayList<>();

    public InferencePool(String stage, int threadCount, FrameQueue queue, BatchPipeline<?, ?> pipeline,
                         int batchMaxSize, Duration batchMaxDelay) {
        this.stage = stage;
        this.queue = queue;
        this.pipeline = pipeline;
        this.batchMaxSize = batchMaxSize;
        this.batchMaxDelay = batchMaxDelay;
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, stage + "-inference-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    private void loop() {
        while (true) {
            List<WorkItem> batch;
            try {
                batch = queue.nextBatch(batchMaxSize, batchMaxDelay, IDLE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                if (queue.isClosed() && queue.size() == 0) {
                    return;
                }
                continue;
            }
            try {
                pipeline.run(batch);
            } catch (Throwable t) {
                LOG.error("{}: batch of {} failed unexpectedly", stage, batch.size(), t);
                pipeline.failAll(batch, t);
                if (t instanceof Error error && !(t instanceof OutOfMemoryError)) {
                    throw error;
                }
            }
        }
    }

    /**
     * Closes the queue and waits up to {@code timeout} for the threads to finish the frames in hand.
     *
     * @return true when every thread finished in time
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        queue.close();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        boolean done = threads.stream().noneMatch(Thread::isAlive);
        if (!done) {
            LOG.warn("{}: inference threads still busy after {} ms", stage, timeout.toMillis());
        }
        return done;
    }

    /** True while at least one thread runs. */
    public boolean isAlive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }
}
