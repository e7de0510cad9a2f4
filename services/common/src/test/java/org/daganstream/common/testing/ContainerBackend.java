package org.daganstream.common.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Real Kafka and MinIO in Docker containers. Annotate the test class with
 * {@code @Testcontainers(disabledWithoutDocker = true)} so it is skipped where no Docker engine exists.
 */
public final class ContainerBackend implements Backend {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    public static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private KafkaContainer kafka;
    private MinIOContainer minio;
    private DaganConfig config;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = new KafkaContainer(KAFKA_IMAGE);
        minio = new MinIOContainer(MINIO_IMAGE);
        kafka.start();
        minio.start();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kafka.bootstrap.servers", kafka.getBootstrapServers());
        values.put("s3.endpoint", minio.getS3URL());
        values.put("s3.access.key", minio.getUserName());
        values.put("s3.secret.key", minio.getPassword());
        values.put("s3.region", "us-east-1");
        values.put("s3.bucket", "dagan");
        config = DaganConfig.of(values);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.stop();
        }
        if (minio != null) {
            minio.stop();
        }
    }

    @Override
    public DaganConfig config() {
        if (config == null) {
            throw new IllegalStateException("container backend not started");
        }
        return config;
    }

    @Override
    public String name() {
        return "containers";
    }
}
