package org.daganstream.common.kafka;

import org.daganstream.common.testing.Backend;
import org.daganstream.common.testing.EmbeddedBackend;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka contract against the embedded KRaft broker. */
class KafkaEmbeddedTest extends KafkaContract {

    @RegisterExtension
    static final EmbeddedBackend BACKEND = new EmbeddedBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
