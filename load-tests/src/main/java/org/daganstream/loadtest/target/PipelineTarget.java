package org.daganstream.loadtest.target;

import java.util.List;

import org.daganstream.common.config.DaganConfig;
import org.daganstream.loadtest.metrics.MetricsEndpoint;

/** A running dagan-stream system the load generator talks to: started here (embedded) or already running. */
public interface PipelineTarget extends AutoCloseable {

    /** One line for the report, e.g. "embedded: 6 stages, 2 instances per model stage, 4 partitions". */
    String describe();

    /** Client settings reaching its Kafka and S3 ({@code kafka.*}, {@code s3.*}). */
    DaganConfig config();

    /** The services' Prometheus endpoints. */
    List<MetricsEndpoint> metricsEndpoints();

    /** True when the stages run in this JVM (then memory, CPU and inference sampling describe the system). */
    boolean inProcess();

    /** Model bundle id for submitted jobs; null for the deployment's default. */
    String bundleId();

    /** Consumer group members to wait for before measuring (0 when unknown). */
    int expectedGroupMembers();

    /** Consumer groups to report lag for start with this. */
    default String groupPrefix() {
        return "dagan-";
    }

    @Override
    void close();
}
