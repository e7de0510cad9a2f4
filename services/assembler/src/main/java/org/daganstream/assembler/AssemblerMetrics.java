package org.daganstream.assembler;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The assembler's meters, registered once per registry; every method is thread-safe. */
public final class AssemblerMetrics {

    private final MeterRegistry registry;
    private final Counter framesCounted;
    private final Counter framesDuplicate;
    private final Counter framesRejected;
    private final Counter jobsStalled;
    private final Counter jobsAbandoned;
    private final Counter jobsSucceeded;
    private final Counter jobsFailed;
    private final Counter muxRetries;
    private final Timer muxTime;

    public AssemblerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesCounted = Counter.builder("dagan.assembler.frames.counted")
                .description("Distinct generated frames counted towards their job").register(registry);
        this.framesDuplicate = Counter.builder("dagan.assembler.frames.duplicate")
                .description("Generated frames ignored because their index was already counted").register(registry);
        this.framesRejected = Counter.builder("dagan.assembler.records.dead.lettered")
                .description("Input records sent to the dead-letter topic").register(registry);
        this.jobsStalled = Counter.builder("dagan.assembler.jobs.stalled")
                .description("Times a job was flagged STALLED because its frames stopped arriving").register(registry);
        this.jobsAbandoned = Counter.builder("dagan.assembler.jobs.abandoned")
                .description("Incomplete jobs whose state was dropped after the state TTL").register(registry);
        this.jobsSucceeded = Counter.builder("dagan.assembler.jobs.completed").tag("outcome", "succeeded")
                .description("Jobs whose result was published").register(registry);
        this.jobsFailed = Counter.builder("dagan.assembler.jobs.completed").tag("outcome", "failed")
                .description("Jobs whose result was published").register(registry);
        this.muxRetries = Counter.builder("dagan.assembler.mux.retries")
                .description("Mux attempts that failed transiently and will be retried").register(registry);
        this.muxTime = Timer.builder("dagan.assembler.mux.time")
                .description("Time to read, encode and upload one job's result").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Registers a gauge for the number of jobs being muxed or waiting for a mux thread. */
    public void muxInFlight(Supplier<Number> inFlight) {
        Gauge.builder("dagan.assembler.mux.in.flight", inFlight).description("Jobs queued for or being muxed")
                .register(registry);
    }

    public void frameCounted() {
        framesCounted.increment();
    }

    public void frameDuplicate() {
        framesDuplicate.increment();
    }

    public void recordDeadLettered() {
        framesRejected.increment();
    }

    public void jobStalled() {
        jobsStalled.increment();
    }

    public void jobAbandoned() {
        jobsAbandoned.increment();
    }

    public void jobSucceeded() {
        jobsSucceeded.increment();
    }

    public void jobFailed() {
        jobsFailed.increment();
    }

    public void muxRetry() {
        muxRetries.increment();
    }

    public void muxTime(long nanos) {
        muxTime.record(nanos, TimeUnit.NANOSECONDS);
    }
}
