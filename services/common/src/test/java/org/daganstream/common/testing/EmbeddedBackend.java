package org.daganstream.common.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.daganstream.common.config.DaganConfig;
import org.daganstream.embedded.EmbeddedS3;
import org.daganstream.embedded.EmbeddedStack;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-process KRaft broker and S3 server of {@code dagan-embedded}; {@link #s3Only()} starts just the S3 server
 * (seconds faster) for tests that need no broker.
 */
public final class EmbeddedBackend implements Backend {

    private final String bucket;
    private final boolean withKafka;
    private EmbeddedStack stack;
    private EmbeddedS3 s3;
    private DaganConfig config;

    /** Kafka and S3, bucket {@code dagan}. */
    public EmbeddedBackend() {
        this("dagan", true);
    }

    private EmbeddedBackend(String bucket, boolean withKafka) {
        this.bucket = bucket;
        this.withKafka = withKafka;
    }

    /** Only the S3 server (in memory), with bucket {@code dagan}; the config has no Kafka keys. */
    public static EmbeddedBackend s3Only() {
        return new EmbeddedBackend("dagan", false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (withKafka) {
            stack = EmbeddedStack.builder().bucket(bucket).start();
            config = configFor(stack);
        } else {
            s3 = EmbeddedS3.startInMemory(0);
            s3.createBucket(bucket);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("s3.endpoint", s3.endpoint());
            values.put("s3.access.key", s3.accessKey());
            values.put("s3.secret.key", s3.secretKey());
            values.put("s3.region", s3.region());
            values.put("s3.bucket", bucket);
            config = DaganConfig.of(values);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
            stack = null;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    /** Config keys pointing at a running stack (its {@code clientProperties()}, which use our key names). */
    public static DaganConfig configFor(EmbeddedStack stack) {
        return DaganConfig.of(stack.clientProperties());
    }

    /** The running stack, or null for {@link #s3Only()}. */
    public EmbeddedStack stack() {
        return stack;
    }

    @Override
    public DaganConfig config() {
        if (config == null) {
            throw new IllegalStateException("embedded backend not started: register it with @RegisterExtension on a static field");
        }
        return config;
    }

    @Override
    public String name() {
        return withKafka ? "embedded" : "embedded-s3";
    }
}
