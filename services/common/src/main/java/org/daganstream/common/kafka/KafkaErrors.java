package org.daganstream.common.kafka;

import java.io.IOException;

import org.apache.kafka.common.errors.RetriableException;
import org.daganstream.common.retry.Causes;

/** Classifies Kafka client failures for {@link org.daganstream.common.retry.Retry}. */
public final class KafkaErrors {

    private KafkaErrors() {
    }

    /**
     * Broker unavailable, leader moving, request timeouts and other {@link RetriableException}s, plus I/O and
     * timeouts; not authorization, serialization, fencing or invalid-configuration errors.
     */
    public static boolean isTransient(Throwable t) {
        return Causes.causedBy(t, RetriableException.class, IOException.class,
                java.util.concurrent.TimeoutException.class);
    }
}
