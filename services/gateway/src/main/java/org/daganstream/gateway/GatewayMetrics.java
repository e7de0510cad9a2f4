package org.daganstream.gateway;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.daganstream.gateway.upload.StoredUpload;

/**
 * The gateway's own meters: submissions by path, refusals by status code, bytes uploaded by field, open event
 * streams, jobs held in the view, ranged reads of result videos from object storage.
 */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter resultReads;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.resultReads = Counter.builder("dagan.gateway.result.reads")
                .description("Result video reads (whole or one range) streamed from object storage")
                .register(registry);
    }

    /** @param via {@code upload} or {@code keys} */
    public void submitted(String via) {
        Counter.builder("dagan.gateway.jobs.submitted").description("Jobs published to the jobs topic")
                .tag("via", via).register(registry).increment();
    }

    public void refused(int status) {
        Counter.builder("dagan.gateway.requests.refused").description("API requests answered with an error status")
                .tag("status", Integer.toString(status)).register(registry).increment();
    }

    public void stored(StoredUpload upload) {
        Counter.builder("dagan.gateway.upload.bytes").description("Bytes of uploaded files stored in object storage")
                .baseUnit("bytes").tag("field", upload.role().field()).register(registry).increment(upload.bytes());
    }

    public void resultRead() {
        resultReads.increment();
    }

    public void gauges(Supplier<Number> jobsHeld, Supplier<Number> eventStreams) {
        Gauge.builder("dagan.gateway.jobs.held", jobsHeld).description("Jobs held in the in-memory view")
                .register(registry);
        Gauge.builder("dagan.gateway.event.streams", eventStreams).description("Open server-sent event streams")
                .register(registry);
    }
}
