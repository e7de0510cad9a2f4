package org.daganstream.common.testing;

import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;

/**
 * A Kafka broker plus an S3 endpoint for integration tests, started once per test class. Register it in a static
 * field so it is up before any {@code @BeforeAll} method runs:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Backend BACKEND = new EmbeddedBackend();
 * ... BACKEND.config() ...
 * }</pre>
 */
public interface Backend extends BeforeAllCallback, AfterAllCallback {

    /** {@code kafka.bootstrap.servers} and {@code s3.*} keys pointing at this backend. */
    DaganConfig config();

    /** Short label for messages, e.g. "embedded" or "containers". */
    String name();
}
