package org.daganstream.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.daganstream.common.Topics;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.retry.Backoff;
import org.daganstream.ingest.media.Limits;

/**
 * Everything the ingest service reads from {@link DaganConfig}, resolved once at start so a bad value stops the
 * service with a message naming the key (see the module README for the full list).
 *
 * @param limits             what inputs are accepted ({@code ingest.max.*})
 * @param workDir            where driving videos are downloaded to, one temp file per job ({@code ingest.work.dir})
 * @param concurrency        jobs decoded at once ({@code ingest.concurrency})
 * @param uploadParallelism  frame uploads in flight per job ({@code ingest.upload.parallelism})
 * @param modelBundleId      bundle id given to jobs that name none ({@code model.bundle.id}, else the id in
 *                           {@code model.bundle.dir}/manifest.json)
 * @param groupId            consumer group ({@code ingest.group.id})
 * @param transactionalId    transactional id of the outcome producer ({@code ingest.transactional.id})
 * @param jobAttempts        tries of a job that fails for internal reasons (S3 or broker trouble) before it is
 *                           failed ({@code ingest.job.max.attempts})
 * @param jobBackoff         wait between those tries ({@code ingest.job.backoff.*})
 * @param pollTimeout        consumer poll timeout ({@code ingest.poll.timeout})
 * @param shutdownTimeout    how long shutdown waits for jobs in hand ({@code ingest.shutdown.timeout})
 * @param ensureTopics       create missing pipeline topics at start ({@code ingest.ensure.topics})
 * @param jobsTopic          input topic (after {@code topic.*} overrides), and the output topics below
 */
public record IngestSettings(Limits limits, Path workDir, int concurrency, int uploadParallelism,
                             String modelBundleId, String groupId, String transactionalId, int jobAttempts,
                             Backoff jobBackoff, Duration pollTimeout, Duration shutdownTimeout, boolean ensureTopics,
                             String jobsTopic, String decodedTopic, String manifestsTopic, String statusTopic,
                             String reenactmentsTopic, String dlqTopic) {

    /** Stage name used in descriptor timestamps, dead letters and logs. */
    public static final String STAGE = "ingest";

    /** Defaults of the keys above, for {@link DaganConfig#load(Map)} in {@code main}. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "http.port", "8080",
            "ingest.concurrency", "1",
            "ingest.upload.parallelism", "4",
            "ingest.group.id", "dagan-ingest");

    public static IngestSettings fromConfig(DaganConfig config) {
        Path workDir = Path.of(config.get("ingest.work.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "dagan-ingest").toString()));
        String instance = config.get("metrics.instance").orElse("ingest");
        return new IngestSettings(
                Limits.fromConfig(config),
                workDir,
                config.getInt("ingest.concurrency", 1, 1, 64),
                config.getInt("ingest.upload.parallelism", 4, 1, 64),
                modelBundleId(config),
                config.get("ingest.group.id", "dagan-ingest"),
                config.get("ingest.transactional.id", "dagan-ingest-" + instance + "-" + UUID.randomUUID()),
                config.getInt("ingest.job.max.attempts", 3, 1, 100),
                Backoff.fromConfig(config, "ingest.job.", Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30))),
                config.getDuration("ingest.poll.timeout", Duration.ofMillis(200)),
                config.getDuration("ingest.shutdown.timeout", Duration.ofSeconds(30)),
                config.getBoolean("ingest.ensure.topics", false),
                Topics.resolve(config, Topics.JOBS),
                Topics.resolve(config, Topics.FRAMES_DECODED),
                Topics.resolve(config, Topics.JOB_MANIFESTS),
                Topics.resolve(config, Topics.JOB_STATUS),
                Topics.resolve(config, Topics.REENACTMENTS),
                Topics.resolve(config, Topics.FRAMES_DLQ));
    }

    /** {@code model.bundle.id}, else the {@code id} of {@code model.bundle.dir}/manifest.json. */
    static String modelBundleId(DaganConfig config) {
        var explicit = config.get("model.bundle.id");
        if (explicit.isPresent()) {
            return explicit.get();
        }
        var dir = config.get("model.bundle.dir");
        if (dir.isEmpty()) {
            throw new ConfigException("set model.bundle.id (env DAGAN_MODEL_BUNDLE_ID) or model.bundle.dir"
                    + " (env DAGAN_MODEL_BUNDLE_DIR): ingest stamps the deployment's bundle id on jobs that name none");
        }
        Path manifest = Path.of(dir.get(), "manifest.json");
        try {
            String id = new JsonObject(Files.readString(manifest)).getString("id");
            if (id == null || id.isBlank()) {
                throw new ConfigException(manifest + " has no \"id\"; is model.bundle.dir a dagan bundle folder?");
            }
            return id;
        } catch (IOException | DecodeException | ClassCastException e) {
            throw new ConfigException("cannot read the bundle id from " + manifest + " (model.bundle.dir): " + e.getMessage());
        }
    }
}
