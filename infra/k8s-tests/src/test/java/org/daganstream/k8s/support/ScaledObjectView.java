package org.daganstream.k8s.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A KEDA {@code ScaledObject}.
 *
 * @param name            metadata.name
 * @param namespace       metadata.namespace
 * @param targetKind      spec.scaleTargetRef.kind (KEDA's default is Deployment)
 * @param targetName      spec.scaleTargetRef.name
 * @param minReplicaCount spec.minReplicaCount (KEDA's default 0)
 * @param maxReplicaCount spec.maxReplicaCount (KEDA's default 100)
 * @param triggers        spec.triggers
 */
public record ScaledObjectView(String name, String namespace, String targetKind, String targetName,
                               int minReplicaCount, int maxReplicaCount, List<Trigger> triggers) {

    /** One trigger: its type, metadata (strings) and the TriggerAuthentication it names, if any. */
    public record Trigger(String type, Map<String, String> metadata, String authenticationRef) {
    }

    static ScaledObjectView of(GenericKubernetesResource r) {
        JsonNode spec = Manifests.tree(r).path("spec");
        List<Trigger> triggers = new ArrayList<>();
        for (JsonNode t : spec.path("triggers")) {
            Map<String, String> metadata = new LinkedHashMap<>();
            t.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
            String auth = t.path("authenticationRef").path("name").asText(null);
            triggers.add(new Trigger(t.path("type").asText(), metadata, auth));
        }
        JsonNode target = spec.path("scaleTargetRef");
        return new ScaledObjectView(r.getMetadata().getName(), r.getMetadata().getNamespace(),
                target.path("kind").asText("Deployment"), target.path("name").asText(null),
                spec.path("minReplicaCount").asInt(0), spec.path("maxReplicaCount").asInt(100), triggers);
    }
}
