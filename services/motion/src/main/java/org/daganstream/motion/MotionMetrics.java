package org.daganstream.motion;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The stage's own meters (Kafka Streams' client metrics are bound separately). Thread-safe. */
public final class MotionMetrics {

    private final MeterRegistry registry;
    private final Counter emitted;
    private final Counter buffered;
    private final Counter released;
    private final Counter duplicates;
    private final Counter jobsCompleted;
    private final Counter jobsExpired;
    private final Counter bufferedDropped;

    public MotionMetrics(MeterRegistry registry) {
        this.registry = registry;
        emitted = Counter.builder("dagan.motion.frames.emitted")
                .description("Driving frames emitted with normalised keypoints").register(registry);
        buffered = Counter.builder("dagan.motion.frames.buffered")
                .description("Driving frames that had to wait for their job's source or anchor keypoints")
                .register(registry);
        released = Counter.builder("dagan.motion.frames.released")
                .description("Buffered frames emitted once their job's source and anchor were known")
                .register(registry);
        duplicates = Counter.builder("dagan.motion.frames.duplicate")
                .description("Redelivered frames ignored because the first copy was already used").register(registry);
        jobsCompleted = Counter.builder("dagan.motion.jobs.completed")
                .description("Jobs whose every driving frame was emitted (their state is then dropped)")
                .register(registry);
        jobsExpired = Counter.builder("dagan.motion.jobs.expired")
                .description("Unfinished jobs dropped after motion.state.ttl without new frames").register(registry);
        bufferedDropped = Counter.builder("dagan.motion.frames.expired")
                .description("Buffered frames dropped with their expired job").register(registry);
        deadLettered("malformed", 0);
        deadLettered("invalid", 0);
    }

    MeterRegistry registry() {
        return registry;
    }

    void emitted() {
        emitted.increment();
    }

    void buffered() {
        buffered.increment();
    }

    void released() {
        released.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void jobCompleted() {
        jobsCompleted.increment();
    }

    void jobExpired(int droppedFrames) {
        jobsExpired.increment();
        bufferedDropped.increment(droppedFrames);
    }

    /** @param reason {@code malformed} (did not decode) or {@code invalid} (decoded but unusable) */
    void deadLettered(String reason) {
        deadLettered(reason, 1);
    }

    private void deadLettered(String reason, int amount) {
        Counter.builder("dagan.motion.frames.dead.lettered")
                .description("Records sent to the dead-letter topic")
                .tag("reason", reason)
                .register(registry)
                .increment(amount);
    }
}
