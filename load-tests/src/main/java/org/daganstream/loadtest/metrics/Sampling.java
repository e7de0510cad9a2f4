package org.daganstream.loadtest.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs probes periodically on two daemon threads (one for the fast thread-state sampler, one for the rest, so a
 * slow admin call does not distort the fast one) until closed. A probe that throws is logged once and kept.
 */
public final class Sampling implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sampling.class);

    /** Something measured every period; {@code seconds} is the run time of the sample. */
    @FunctionalInterface
    public interface Probe {
        void sample(double seconds) throws Exception;
    }

    private final RunClock clock;
    private final ScheduledExecutorService fast = executor("dagan-load-sampler-fast");
    private final ScheduledExecutorService slow = executor("dagan-load-sampler");
    private final List<Runnable> finals = new ArrayList<>();

    public Sampling(RunClock clock) {
        this.clock = clock;
    }

    private static ScheduledExecutorService executor(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code probe} every {@code period}; {@code fastLane} for sub-100 ms periods. */
    public Sampling every(Duration period, String name, boolean fastLane, Probe probe) {
        boolean[] warned = {false};
        Runnable task = () -> {
            try {
                probe.sample(clock.seconds());
            } catch (Exception e) {
                if (!warned[0]) {
                    warned[0] = true;
                    LOG.warn("sampling {} failed (further failures not logged): {}", name, e.toString());
                }
            }
        };
        (fastLane ? fast : slow).scheduleWithFixedDelay(task, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        finals.add(task);
        return this;
    }

    /** Stops sampling after one last sample of every probe (so the series reach the end of the run). */
    @Override
    public void close() {
        // shutdown (not shutdownNow): a sample in progress finishes instead of being interrupted mid-call
        fast.shutdown();
        slow.shutdown();
        try {
            fast.awaitTermination(5, TimeUnit.SECONDS);
            slow.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finals.forEach(Runnable::run);
    }
}
