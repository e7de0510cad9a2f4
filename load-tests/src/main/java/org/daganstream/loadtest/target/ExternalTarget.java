package org.daganstream.loadtest.target;

import java.util.List;

import org.daganstream.common.config.DaganConfig;
import org.daganstream.loadtest.metrics.MetricsEndpoint;

/** A system already running on this machine, reached through the usual configuration (file + DAGAN_* variables). */
public final class ExternalTarget implements PipelineTarget {

    private final DaganConfig config;
    private final List<MetricsEndpoint> endpoints;
    private final String bundleId;

    private ExternalTarget(DaganConfig config, List<MetricsEndpoint> endpoints, String bundleId) {
        this.config = config;
        this.endpoints = List.copyOf(endpoints);
        this.bundleId = bundleId;
    }

    /** @throws IllegalArgumentException when an endpoint is not on loopback or a required key is missing */
    public static ExternalTarget connect(DaganConfig config, List<MetricsEndpoint> endpoints, String bundleId) {
        LoopbackGuard.check(config, endpoints);
        return new ExternalTarget(config, endpoints, bundleId);
    }

    @Override
    public String describe() {
        return "external system: Kafka " + config.get("kafka.bootstrap.servers", "?") + ", S3 "
                + config.get("s3.endpoint", "?") + ", " + endpoints.size() + " metrics endpoint(s)";
    }

    @Override
    public DaganConfig config() {
        return config;
    }

    @Override
    public List<MetricsEndpoint> metricsEndpoints() {
        return endpoints;
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public String bundleId() {
        return bundleId;
    }

    @Override
    public int expectedGroupMembers() {
        return 0;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
