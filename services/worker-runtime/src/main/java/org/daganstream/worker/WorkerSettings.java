package org.daganstream.worker;

import java.nio.file.Path;
import java.time.Duration;

import org.daganstream.common.Topics;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.retry.Backoff;

/**
 * Everything the stage loop reads from configuration, resolved once at start so a bad value stops the service with
 * a message naming the key. Each {@code worker.X} key can be set for one stage only as {@code worker.<stage>.X}
 * (e.g. {@code worker.generator.batch.max.size}), which wins over {@code worker.X}; that lets one configuration
 * serve every stage of an embedded run.
 *
 * @param stage              stage name
 * @param bundleDir          model bundle folder ({@code model.bundle.dir}, required)
 * @param inputTopic         topic consumed (after {@code topic.*} overrides)
 * @param outputTopic        topic produced
 * @param deadLetterTopic    {@code dagan.frames.dlq} (after overrides)
 * @param groupId            consumer group ({@code worker.group.id}, default {@code dagan-<stage>-worker})
 * @param batchMaxSize       most frames run together ({@code worker.batch.max.size})
 * @param batchMaxDelay      longest a frame waits for others to batch with ({@code worker.batch.max.delay})
 * @param inferenceThreads   threads running batches ({@code worker.inference.threads})
 * @param queueCapacity      frames accepted but not finished before the consumer pauses ({@code worker.queue.capacity})
 * @param maxAttempts        tries of a frame failing for an unexpected reason before it is dead-lettered
 *                           ({@code worker.max.attempts})
 * @param transientMaxAttempts tries of a frame failing because storage or the broker is unavailable (after the
 *                           clients' own retries) before it is dead-lettered ({@code worker.transient.max.attempts});
 *                           high, so an outage pauses the stage rather than emptying it into the dead-letter topic
 * @param backoff            wait between tries ({@code worker.backoff.initial|max|multiplier|jitter})
 * @param publishAttempts    tries of one publish to Kafka ({@code worker.publish.max.attempts})
 * @param pollTimeout        consumer poll timeout ({@code worker.poll.timeout})
 * @param commitInterval     least time between offset commits ({@code worker.commit.interval})
 * @param revokeTimeout      how long a rebalance waits for running frames of revoked partitions
 *                           ({@code worker.revoke.timeout})
 * @param shutdownTimeout    how long shutdown waits for frames in hand ({@code worker.shutdown.timeout})
 * @param livenessTimeout    the consume loop counts as stuck after this long without a poll
 *                           ({@code worker.liveness.timeout})
 * @param requireBundleMatch refuse frames whose {@code modelBundleId} is not the loaded bundle's
 *                           ({@code worker.require.bundle.match})
 * @param ensureTopics       create missing pipeline topics at start ({@code worker.ensure.topics})
 */
public record WorkerSettings(String stage, Path bundleDir, String inputTopic, String outputTopic,
                             String deadLetterTopic, String groupId, int batchMaxSize, Duration batchMaxDelay,
                             int inferenceThreads, int queueCapacity, int maxAttempts, int transientMaxAttempts,
                             Backoff backoff,
                             int publishAttempts, Duration pollTimeout, Duration commitInterval,
                             Duration revokeTimeout, Duration shutdownTimeout, Duration livenessTimeout,
                             boolean requireBundleMatch, boolean ensureTopics) {

    public static final String BUNDLE_DIR = "model.bundle.dir";
    public static final int DEFAULT_BATCH_MAX_SIZE = 4;
    public static final Duration DEFAULT_BATCH_MAX_DELAY = Duration.ofMillis(10);
    public static final int DEFAULT_QUEUE_CAPACITY = 16;
    public static final Backoff DEFAULT_BACKOFF = Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(30));

    public WorkerSettings {
        if (batchMaxSize > queueCapacity) {
            // A batch could never fill: the consumer pauses before enough frames are in hand.
            throw new ConfigException("worker.batch.max.size=" + batchMaxSize + " exceeds worker.queue.capacity="
                    + queueCapacity + " for stage " + stage + "; raise the capacity or lower the batch size");
        }
    }

    public static WorkerSettings from(DaganConfig config, StageDefinition stage) {
        Keys k = new Keys(config, stage.name());
        String bundle = config.required(BUNDLE_DIR);
        return new WorkerSettings(
                stage.name(),
                Path.of(bundle),
                Topics.resolve(config, stage.inputTopic()),
                Topics.resolve(config, stage.outputTopic()),
                Topics.resolve(config, Topics.FRAMES_DLQ),
                config.get(k.key("group.id"), "dagan-" + stage.serviceName()),
                config.getInt(k.key("batch.max.size"), DEFAULT_BATCH_MAX_SIZE, 1, 1024),
                positive(config, k.key("batch.max.delay"), DEFAULT_BATCH_MAX_DELAY, true),
                config.getInt(k.key("inference.threads"), 1, 1, 256),
                config.getInt(k.key("queue.capacity"), DEFAULT_QUEUE_CAPACITY, 1, 100_000),
                config.getInt(k.key("max.attempts"), 3, 1, 100),
                config.getInt(k.key("transient.max.attempts"), 30, 1, 100_000),
                new Backoff(
                        positive(config, k.key("backoff.initial"), DEFAULT_BACKOFF.initial(), true),
                        positive(config, k.key("backoff.max"), DEFAULT_BACKOFF.max(), true),
                        config.getDouble(k.key("backoff.multiplier"), DEFAULT_BACKOFF.multiplier()),
                        config.getDouble(k.key("backoff.jitter"), DEFAULT_BACKOFF.jitter())),
                config.getInt(k.key("publish.max.attempts"), 5, 1, 100),
                positive(config, k.key("poll.timeout"), Duration.ofMillis(100), false),
                positive(config, k.key("commit.interval"), Duration.ofMillis(200), true),
                positive(config, k.key("revoke.timeout"), Duration.ofSeconds(10), true),
                positive(config, k.key("shutdown.timeout"), Duration.ofSeconds(30), true),
                positive(config, k.key("liveness.timeout"), Duration.ofSeconds(60), false),
                config.getBoolean(k.key("require.bundle.match"), true),
                config.getBoolean(k.key("ensure.topics"), false));
    }

    /** Consumer resumes once the frames in hand drop to this many (hysteresis, so it does not flap). */
    public int resumeThreshold() {
        return queueCapacity / 2;
    }

    private static Duration positive(DaganConfig config, String key, Duration fallback, boolean zeroAllowed) {
        Duration d = config.getDuration(key, fallback);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new ConfigException("config key " + key + "=" + d + " must be " + (zeroAllowed ? "0 or more" : "positive")
                    + config.origin(key).map(o -> " (" + o + ")").orElse(""));
        }
        return d;
    }

    /** Picks {@code worker.<stage>.X} when set, else {@code worker.X}. */
    record Keys(DaganConfig config, String stage) {
        String key(String suffix) {
            String specific = "worker." + stage + "." + suffix;
            return config.has(specific) ? specific : "worker." + suffix;
        }
    }
}
