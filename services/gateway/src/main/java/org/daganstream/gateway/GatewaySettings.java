package org.daganstream.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.daganstream.common.Topics;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;

/**
 * Everything the gateway reads from {@link DaganConfig}, resolved once at start so a bad value stops the service
 * with a message naming the key. The README lists every key with its environment variable.
 *
 * @param maxUploadBytes     largest accepted uploaded file, source or driving ({@code gateway.max.upload.bytes})
 * @param maxSourceBytes     largest accepted source image ({@code gateway.max.source.bytes}, at most the above)
 * @param maxJsonBytes       largest accepted JSON request body ({@code gateway.max.json.bytes})
 * @param uploadConcurrency  files streamed to S3 at once; more uploads are refused with 503
 *                           ({@code gateway.upload.concurrency})
 * @param uploadIdleTimeout  how long an upload may send nothing before it is abandoned
 *                           ({@code gateway.upload.idle.timeout})
 * @param blobThreads        threads for other object-store calls: existence checks, result reads, clean-up
 *                           ({@code gateway.blob.threads})
 * @param publishTimeout     how long a submission waits for the broker to acknowledge the job
 *                           ({@code gateway.publish.timeout})
 * @param maxJobs            jobs kept in the in-memory view; the least recently updated are forgotten first
 *                           ({@code gateway.jobs.max})
 * @param listLimit          default number of jobs returned by {@code GET /api/jobs} ({@code gateway.jobs.list.limit})
 * @param eventsKeepAlive    interval of keep-alive comments on event streams ({@code gateway.events.keepalive})
 * @param viewPollTimeout    poll timeout of the status consumer ({@code gateway.view.poll.timeout})
 * @param viewRefresh        how often the status consumer looks for new partitions ({@code gateway.view.refresh})
 * @param publicUrl          absolute base URL put in front of returned links, empty for relative links
 *                           ({@code gateway.public.url})
 * @param modelBundleId      bundle id stamped on submitted jobs; empty means the pipeline's default
 *                           ({@code gateway.model.bundle.id})
 * @param ensureTopics       create missing pipeline topics at start ({@code gateway.ensure.topics})
 * @param shutdownTimeout    how long a shutdown waits for submissions in progress ({@code gateway.shutdown.timeout})
 * @param jobsTopic          where job requests go, after {@code topic.*} overrides
 * @param statusTopic        the compacted status topic the view follows
 * @param reenactmentsTopic  the results topic the view follows
 */
public record GatewaySettings(long maxUploadBytes, long maxSourceBytes, long maxJsonBytes, int uploadConcurrency,
                              Duration uploadIdleTimeout, int blobThreads, Duration publishTimeout, int maxJobs,
                              int listLimit, Duration eventsKeepAlive, Duration viewPollTimeout,
                              Duration viewRefresh, String publicUrl, Optional<String> modelBundleId,
                              boolean ensureTopics, Duration shutdownTimeout, String jobsTopic, String statusTopic,
                              String reenactmentsTopic) {

    /** Name of the service in metrics and logs. */
    public static final String SERVICE = "gateway";

    /** Defaults for {@link DaganConfig#load(Map)} in {@code main}; every other key has its default in code. */
    public static final Map<String, String> DEFAULTS = Map.of("http.port", "8080");

    private static final long MIB = 1024L * 1024;

    public static GatewaySettings fromConfig(DaganConfig config) {
        long maxUpload = positiveBytes(config, "gateway.max.upload.bytes", 512 * MIB);
        long maxSource = Math.min(maxUpload, positiveBytes(config, "gateway.max.source.bytes", 32 * MIB));
        String publicUrl = config.get("gateway.public.url", "").replaceAll("/+$", "");
        if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new ConfigException("config key gateway.public.url=" + publicUrl
                    + " is not an absolute http(s) URL like https://dagan.example.com");
        }
        return new GatewaySettings(
                maxUpload,
                maxSource,
                positiveBytes(config, "gateway.max.json.bytes", 64 * 1024),
                config.getInt("gateway.upload.concurrency", 4, 1, 256),
                positiveDuration(config, "gateway.upload.idle.timeout", Duration.ofSeconds(60)),
                config.getInt("gateway.blob.threads", 4, 1, 256),
                positiveDuration(config, "gateway.publish.timeout", Duration.ofSeconds(30)),
                config.getInt("gateway.jobs.max", 1000, 1, 1_000_000),
                config.getInt("gateway.jobs.list.limit", 50, 1, 10_000),
                positiveDuration(config, "gateway.events.keepalive", Duration.ofSeconds(15)),
                positiveDuration(config, "gateway.view.poll.timeout", Duration.ofMillis(500)),
                positiveDuration(config, "gateway.view.refresh", Duration.ofSeconds(30)),
                publicUrl,
                config.get("gateway.model.bundle.id"),
                config.getBoolean("gateway.ensure.topics", false),
                positiveDuration(config, "gateway.shutdown.timeout", Duration.ofSeconds(30)),
                Topics.resolve(config, Topics.JOBS),
                Topics.resolve(config, Topics.JOB_STATUS),
                Topics.resolve(config, Topics.REENACTMENTS));
    }

    private static long positiveBytes(DaganConfig config, String key, long defaultValue) {
        long value = config.getBytes(key, defaultValue);
        if (value <= 0) {
            throw new ConfigException("config key " + key + "=" + value + " must be a positive byte size");
        }
        return value;
    }

    private static Duration positiveDuration(DaganConfig config, String key, Duration defaultValue) {
        Duration value = config.getDuration(key, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException("config key " + key + "=" + value + " must be a positive duration");
        }
        return value;
    }
}
