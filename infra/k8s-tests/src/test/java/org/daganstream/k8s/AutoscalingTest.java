package org.daganstream.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.daganstream.k8s.support.KafkaTopicView;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.ScaledObjectView;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * KEDA scales every stage on its own consumer group's lag: each ScaledObject targets an existing Deployment,
 * watches the group and input topic the service really uses (read from its settings code on its deployed
 * configuration), reaches the same brokers, and never scales past the partitions of that topic.
 */
class AutoscalingTest {

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyStageScalesOnItsOwnLagWithinItsPartitions(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            PodConfig pod = PodConfig.of(m, m.deployment(contract.deployment()).orElseThrow());
            ServiceContract.Wiring wiring = contract.wiring().apply(pod.daganConfig(ServiceConfigurationTest.localPaths()));
            if (wiring.consumerGroup() == null) {
                continue;
            }
            List<ScaledObjectView> scalers = m.scaledObjects().stream()
                    .filter(s -> s.targetName().equals(contract.deployment())).toList();
            if (scalers.size() != 1) {
                problems.add(contract.deployment() + ": " + scalers.size() + " ScaledObjects target it, expected 1");
                continue;
            }
            ScaledObjectView so = scalers.get(0);
            List<ScaledObjectView.Trigger> kafka = so.triggers().stream().filter(t -> t.type().equals("kafka")).toList();
            if (kafka.isEmpty()) {
                problems.add(so.name() + ": no kafka trigger");
                continue;
            }
            String bootstrap = pod.env().values().get("DAGAN_KAFKA_BOOTSTRAP_SERVERS");
            for (ScaledObjectView.Trigger t : kafka) {
                Map<String, String> md = t.metadata();
                if (!wiring.consumerGroup().equals(md.get("consumerGroup"))) {
                    problems.add(so.name() + ": consumerGroup " + md.get("consumerGroup") + " but the service consumes as "
                            + wiring.consumerGroup());
                }
                if (!wiring.inputTopic().equals(md.get("topic"))) {
                    problems.add(so.name() + ": topic " + md.get("topic") + " but the service's input is "
                            + wiring.inputTopic());
                }
                if (!String.valueOf(bootstrap).equals(md.get("bootstrapServers"))) {
                    problems.add(so.name() + ": bootstrapServers " + md.get("bootstrapServers")
                            + " differ from the service's DAGAN_KAFKA_BOOTSTRAP_SERVERS " + bootstrap);
                }
                if (!"earliest".equals(md.get("offsetResetPolicy"))) {
                    problems.add(so.name() + ": offsetResetPolicy must be earliest, as the services' consumers reset");
                }
                if (parsePositive(md.get("lagThreshold")).isEmpty()) {
                    problems.add(so.name() + ": lagThreshold " + md.get("lagThreshold") + " is not a positive number");
                }
                if (t.authenticationRef() != null && triggerAuthentication(m, t.authenticationRef()).isEmpty()) {
                    problems.add(so.name() + ": TriggerAuthentication " + t.authenticationRef() + " does not exist");
                }
                Optional<KafkaTopicView> topic = m.kafkaTopics().stream()
                        .filter(k -> k.topicName().equals(md.get("topic"))).findFirst();
                if (topic.isEmpty()) {
                    problems.add(so.name() + ": topic " + md.get("topic") + " is not declared as a KafkaTopic");
                } else if (so.maxReplicaCount() > topic.get().partitions()) {
                    problems.add(so.name() + ": maxReplicaCount " + so.maxReplicaCount() + " exceeds the "
                            + topic.get().partitions() + " partitions of " + md.get("topic")
                            + ": the extra consumers would sit idle");
                }
            }
            if (so.minReplicaCount() < 0 || so.minReplicaCount() > so.maxReplicaCount()) {
                problems.add(so.name() + ": minReplicaCount " + so.minReplicaCount() + " outside [0, max]");
            }
            if (pod.deployment().getSpec().getReplicas() != null) {
                problems.add(contract.deployment() + ": sets spec.replicas, which fights KEDA's HPA on every apply");
            }
        }
        for (ScaledObjectView so : m.scaledObjects()) {
            if (!"Deployment".equals(so.targetKind()) || m.deployment(so.targetName()).isEmpty()) {
                problems.add("ScaledObject " + so.name() + " targets " + so.targetKind() + " " + so.targetName()
                        + ", which is not a Deployment of this overlay");
            }
        }
        Overlays.assertNoProblems(problems, "autoscaling in overlay " + overlay);
    }

    /** The TriggerAuthentication's secret references must name Secrets and keys that exist. */
    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void triggerAuthenticationsReadExistingSecretKeys(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (GenericKubernetesResource auth : m.custom("keda.sh", "TriggerAuthentication")) {
            for (JsonNode ref : Manifests.tree(auth).path("spec").path("secretTargetRef")) {
                String secret = ref.path("name").asText();
                String key = ref.path("key").asText();
                boolean exists = PodConfig.exampleSecrets().secret(auth.getMetadata().getNamespace(), secret)
                        .map(s -> s.getStringData() != null && s.getStringData().containsKey(key)
                                || s.getData() != null && s.getData().containsKey(key))
                        .orElse(false);
                if (!exists) {
                    problems.add(auth.getMetadata().getName() + ": parameter " + ref.path("parameter").asText()
                            + " reads Secret " + secret + " key " + key + ", which the example Secrets do not have");
                }
            }
        }
        Overlays.assertNoProblems(problems, "trigger authentications in overlay " + overlay);
    }

    private static Optional<GenericKubernetesResource> triggerAuthentication(Manifests m, String name) {
        return m.custom("keda.sh", "TriggerAuthentication").stream()
                .filter(a -> a.getMetadata().getName().equals(name)).findFirst();
    }

    private static Optional<Long> parsePositive(String text) {
        try {
            long v = Long.parseLong(String.valueOf(text));
            return v > 0 ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
