package org.daganstream.assembler.tracking;

import java.time.Duration;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;

/**
 * Tuning of the job tracker, from {@code assembler.*} config keys.
 *
 * @param progressEveryFrames publish progress after this many new frames ({@code assembler.progress.every.frames})
 * @param progressInterval or once this long has passed with unreported frames ({@code assembler.progress.interval})
 * @param stallTimeout flag a job STALLED when no new frame arrived for this long ({@code assembler.stall.timeout})
 * @param checkInterval how often (wall clock) stalls, late progress and pending muxes are checked
 *     ({@code assembler.check.interval})
 * @param recoveryGrace after a restart or rebalance, wait this long before re-muxing jobs that were complete but had
 *     no published result, so result records still in flight are consumed first ({@code assembler.recovery.grace})
 * @param stateTtl drop the state of a job that saw no activity for this long ({@code assembler.state.ttl})
 * @param finishedRetention remember finished jobs this long, so late duplicate frames do not resurrect them
 *     ({@code assembler.finished.retention})
 * @param maxListedMissing list at most this many missing frame indexes in a STALLED status
 *     ({@code assembler.stall.max.listed})
 */
public record TrackerSettings(int progressEveryFrames, Duration progressInterval, Duration stallTimeout,
                              Duration checkInterval, Duration recoveryGrace, Duration stateTtl,
                              Duration finishedRetention, int maxListedMissing) {

    public static TrackerSettings defaults() {
        return new TrackerSettings(10, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofHours(1), 1000);
    }

    public static TrackerSettings fromConfig(DaganConfig config) {
        TrackerSettings d = defaults();
        TrackerSettings s = new TrackerSettings(
                config.getInt("assembler.progress.every.frames", d.progressEveryFrames(), 1, Integer.MAX_VALUE),
                config.getDuration("assembler.progress.interval", d.progressInterval()),
                config.getDuration("assembler.stall.timeout", d.stallTimeout()),
                config.getDuration("assembler.check.interval", d.checkInterval()),
                config.getDuration("assembler.recovery.grace", d.recoveryGrace()),
                config.getDuration("assembler.state.ttl", d.stateTtl()),
                config.getDuration("assembler.finished.retention", d.finishedRetention()),
                config.getInt("assembler.stall.max.listed", d.maxListedMissing(), 1, 1_000_000));
        s.validate();
        return s;
    }

    void validate() {
        requirePositive("assembler.check.interval", checkInterval);
        requirePositive("assembler.stall.timeout", stallTimeout);
        requirePositive("assembler.state.ttl", stateTtl);
        if (stateTtl.compareTo(stallTimeout) <= 0) {
            throw new ConfigException("assembler.state.ttl (" + stateTtl + ") must be longer than"
                    + " assembler.stall.timeout (" + stallTimeout + ")");
        }
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key + " must be positive, got " + d);
        }
    }
}
