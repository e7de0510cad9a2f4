package org.daganstream.cli.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.Failures;
import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage services running in this JVM. They stop upstream-first (ingest before the workers before the assembler), so
 * no stage is left feeding work to one that has already stopped.
 */
public final class RunningStages implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningStages.class);

    private record Running(Stage stage, AutoCloseable handle) {
    }

    private final Deque<Running> running = new ArrayDeque<>();
    private boolean closed;

    /**
     * Starts {@code stages} in parallel (loading models and starting Streams clients takes seconds each; nothing
     * depends on another stage being up, since consumers start from the earliest uncommitted record), each with
     * its own view of the config. They are registered downstream-first, so {@link #close} stops ingest first.
     * If one fails to start, every stage is stopped and a {@link CliFailure} names the failing stage.
     */
    public void startAll(List<Stage> stages, Function<Stage, DaganConfig> configs) {
        List<Stage> order = new ArrayList<>(stages);
        order.sort((a, b) -> Integer.compare(b.ordinal(), a.ordinal()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, order.size()), r -> {
            Thread t = new Thread(r, "dagan-stage-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Stage, Future<AutoCloseable>> starting = new LinkedHashMap<>();
            for (Stage stage : order) {
                DaganConfig config = configs.apply(stage);
                starting.put(stage, pool.submit(() -> timedStart(stage, config)));
            }
            RuntimeException failure = null;
            for (Map.Entry<Stage, Future<AutoCloseable>> e : starting.entrySet()) {
                try {
                    AutoCloseable handle = e.getValue().get();
                    synchronized (this) {
                        running.push(new Running(e.getKey(), handle));
                    }
                } catch (ExecutionException ex) {
                    if (failure == null) {
                        failure = Failures.stageStart(e.getKey().id(), ex.getCause());
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    failure = new CliFailure(ExitCode.INFRA, "interrupted while starting the stages", ex);
                }
            }
            if (failure != null) {
                close();
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Starts one more stage; on failure everything started so far is stopped. */
    public void start(Stage stage, DaganConfig config) {
        startAll(List.of(stage), s -> config);
    }

    private AutoCloseable timedStart(Stage stage, DaganConfig config) throws Exception {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("stages already stopped");
            }
        }
        long t0 = System.nanoTime();
        AutoCloseable handle = stage.starter().start(config);
        LOG.info("stage {} started in {} ms", stage.id(), (System.nanoTime() - t0) / 1_000_000);
        return handle;
    }

    /** Running stages, most recently started first. */
    public synchronized List<Stage> stages() {
        return running.stream().map(Running::stage).toList();
    }

    /** Stops every stage, newest first; a stage that fails to stop is logged and the others still stop. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!running.isEmpty()) {
            Running r = running.pop();
            long t0 = System.nanoTime();
            try {
                r.handle().close();
                LOG.info("stage {} stopped in {} ms", r.stage().id(), (System.nanoTime() - t0) / 1_000_000);
            } catch (Exception e) {
                LOG.warn("stage {} did not stop cleanly: {}", r.stage().id(), e.toString());
            }
        }
    }
}
