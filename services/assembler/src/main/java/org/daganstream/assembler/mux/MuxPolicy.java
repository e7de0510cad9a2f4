package org.daganstream.assembler.mux;

import java.time.Duration;

import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.retry.Backoff;

/**
 * How muxing is scheduled.
 *
 * @param threads jobs muxed at once ({@code assembler.mux.threads})
 * @param queueCapacity complete jobs waiting for a mux thread before new ones are refused and offered again later
 *     ({@code assembler.mux.queue.capacity})
 * @param maxAttempts tries per job when storage or the broker fail transiently ({@code assembler.mux.max.attempts})
 * @param backoff wait between those tries ({@code assembler.mux.retry.*}, see {@link Backoff#fromConfig})
 * @param shutdownTimeout how long closing waits for muxes in progress ({@code assembler.shutdown.timeout}); jobs
 *     not finished by then are muxed again after the restart
 */
public record MuxPolicy(int threads, int queueCapacity, int maxAttempts, Backoff backoff, Duration shutdownTimeout) {

    public static MuxPolicy defaults() {
        return new MuxPolicy(1, 16, 5, Backoff.exponential(Duration.ofSeconds(2), Duration.ofMinutes(1)),
                Duration.ofSeconds(30));
    }

    public static MuxPolicy fromConfig(DaganConfig config) {
        MuxPolicy d = defaults();
        return new MuxPolicy(config.getInt("assembler.mux.threads", d.threads(), 1, 64),
                config.getInt("assembler.mux.queue.capacity", d.queueCapacity(), 1, 100_000),
                config.getInt("assembler.mux.max.attempts", d.maxAttempts(), 1, 1000),
                Backoff.fromConfig(config, "assembler.mux.retry.", d.backoff()),
                config.getDuration("assembler.shutdown.timeout", d.shutdownTimeout()));
    }
}
