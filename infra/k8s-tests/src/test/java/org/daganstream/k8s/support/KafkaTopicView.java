package org.daganstream.k8s.support;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A Strimzi {@code KafkaTopic}: the Kafka topic name is {@code spec.topicName}, else the resource name.
 *
 * @param resourceName metadata.name
 * @param namespace    metadata.namespace
 * @param cluster      label {@code strimzi.io/cluster}, null when missing
 * @param topicName    the topic in Kafka
 * @param partitions   spec.partitions, 0 when missing
 * @param replicas     spec.replicas, 0 when missing
 * @param config       spec.config as strings
 */
public record KafkaTopicView(String resourceName, String namespace, String cluster, String topicName, int partitions,
                             int replicas, Map<String, String> config) {

    static KafkaTopicView of(GenericKubernetesResource r) {
        JsonNode spec = Manifests.tree(r).path("spec");
        Map<String, String> config = new LinkedHashMap<>();
        spec.path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        String name = r.getMetadata().getName();
        String topic = spec.hasNonNull("topicName") ? spec.get("topicName").asText() : name;
        Map<String, String> labels = r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels();
        return new KafkaTopicView(name, r.getMetadata().getNamespace(), labels.get("strimzi.io/cluster"), topic,
                spec.path("partitions").asInt(0), spec.path("replicas").asInt(0), config);
    }

    public boolean compacted() {
        return config.getOrDefault("cleanup.policy", "delete").contains("compact");
    }

    public int minInSyncReplicas() {
        return Integer.parseInt(config.getOrDefault("min.insync.replicas", "1"));
    }
}
