package org.daganstream.common.kafka;

import org.daganstream.common.testing.Backend;
import org.daganstream.common.testing.ContainerBackend;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Kafka contract against a Kafka container; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainersTest extends KafkaContract {

    @RegisterExtension
    static final ContainerBackend BACKEND = new ContainerBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
