package org.daganstream.common.blob;

import java.net.URI;
import java.time.Duration;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.config.Secrets;
import org.daganstream.common.retry.Backoff;

/**
 * Connection settings of the object store, read from {@code s3.*} keys.
 *
 * @param endpoint    {@code http(s)://host:port} of the S3 API ({@code s3.endpoint}, required)
 * @param accessKey   {@code s3.access.key}, required
 * @param secretKey   {@code s3.secret.key}, required
 * @param bucket      {@code s3.bucket}, default {@code dagan}
 * @param region      {@code s3.region}, default {@code us-east-1}
 * @param connectTimeout {@code s3.connect.timeout}, default 10s
 * @param readTimeout {@code s3.read.timeout} (also used for writes), default 60s
 * @param partSize    multipart part size {@code s3.part.size}, default 16MiB (S3 minimum 5MiB)
 * @param maxAttempts {@code s3.retry.max.attempts} including the first, default 5
 * @param backoff     {@code s3.retry.backoff.initial} (100ms), {@code .max} (5s), {@code .multiplier} (2),
 *                    {@code .jitter} (0.5)
 */
public record S3Settings(URI endpoint, String accessKey, String secretKey, String bucket, String region,
                         Duration connectTimeout, Duration readTimeout, long partSize, int maxAttempts,
                         Backoff backoff) {

    public static final String DEFAULT_BUCKET = "dagan";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final Backoff DEFAULT_BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

    public static S3Settings fromConfig(DaganConfig config) {
        String endpoint = config.required("s3.endpoint");
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key s3.endpoint=" + endpoint + " is not a URL like http://minio:9000 ("
                    + config.origin("s3.endpoint").orElseThrow() + ")", e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new ConfigException("config key s3.endpoint=" + endpoint + " is not a URL like http://minio:9000 ("
                    + config.origin("s3.endpoint").orElseThrow() + ")");
        }
        long partSize = config.getBytes("s3.part.size", 16L * 1024 * 1024);
        if (partSize < MIN_PART_SIZE) {
            throw new ConfigException("config key s3.part.size=" + partSize + " is below the S3 minimum of 5MiB ("
                    + config.origin("s3.part.size").orElseThrow() + ")");
        }
        return new S3Settings(uri,
                config.required("s3.access.key"),
                config.required("s3.secret.key"),
                config.get("s3.bucket", DEFAULT_BUCKET),
                config.get("s3.region", DEFAULT_REGION),
                config.getDuration("s3.connect.timeout", Duration.ofSeconds(10)),
                config.getDuration("s3.read.timeout", Duration.ofSeconds(60)),
                partSize,
                config.getInt("s3.retry.max.attempts", 5, 1, 100),
                Backoff.fromConfig(config, "s3.retry.", DEFAULT_BACKOFF));
    }

    /** Secrets masked. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", accessKey="
                + Secrets.MASK + ", secretKey=" + Secrets.MASK + ", partSize=" + partSize + ", maxAttempts=" + maxAttempts + "]";
    }
}
