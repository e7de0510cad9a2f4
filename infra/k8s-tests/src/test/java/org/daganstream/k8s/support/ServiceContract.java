package org.daganstream.k8s.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.daganstream.common.config.DaganConfig;

/**
 * What the deployment files must agree with for one deployable service, computed by the service's own
 * configuration code (never restated here): read {@link #wiring} on the configuration a pod would get.
 *
 * @param deployment  Deployment (and Service, ConfigMap, ScaledObject) name in k8s/
 * @param artifactId  Maven artifact building the service and its image ({@code daganstream/<artifactId>})
 * @param modules     source modules whose {@code required(...)} keys apply to it (its own and its internal
 *                    dependencies)
 * @param modelStage  runs ONNX models (gets the bundle and, in the gpu overlay, a GPU)
 * @param wiring      the service's settings code applied to a configuration; throws when a key is missing or bad
 */
public record ServiceContract(String deployment, String artifactId, List<Path> modules, boolean modelStage,
                              Function<DaganConfig, Wiring> wiring) {

    /**
     * @param consumerGroup the group whose lag measures the service's backlog (the Kafka Streams application id);
     *                      null for a service that is not scaled on lag
     * @param inputTopic    the topic that lag is measured on; null likewise
     * @param topics        every topic the service reads or writes (after {@code topic.*} overrides)
     * @param createsTopics   whether the service would create missing topics itself at start
     * @param shutdownTimeout the longest a graceful stop (SIGTERM) may take before the work in hand is committed
     */
    public record Wiring(String consumerGroup, String inputTopic, Set<String> topics, boolean createsTopics,
                         Duration shutdownTimeout) {
    }
}
