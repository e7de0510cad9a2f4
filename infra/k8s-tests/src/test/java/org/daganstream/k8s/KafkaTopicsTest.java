package org.daganstream.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.daganstream.common.Topics;
import org.daganstream.k8s.support.KafkaTopicView;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every topic of the pipeline ({@code Topics.ALL}) and every topic a deployed service resolves from its
 * configuration is a Strimzi KafkaTopic of the cluster the services talk to, compacted exactly where the
 * pipeline expects it, replicated safely.
 */
class KafkaTopicsTest {

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyTopicAServiceUsesIsDeclared(String overlay) {
        Manifests m = Overlays.render(overlay);
        Set<String> declared = m.kafkaTopics().stream().map(KafkaTopicView::topicName)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> problems = new ArrayList<>();
        for (String topic : Topics.ALL) {
            if (!declared.contains(topic)) {
                problems.add("pipeline topic " + topic + " (Topics.ALL) has no KafkaTopic");
            }
        }
        for (ServiceContract contract : ServiceContracts.all()) {
            PodConfig pod = PodConfig.of(m, m.deployment(contract.deployment()).orElseThrow());
            for (String topic : contract.wiring().apply(pod.daganConfig(ServiceConfigurationTest.localPaths())).topics()) {
                if (!declared.contains(topic)) {
                    problems.add(contract.deployment() + " uses topic " + topic + ", which has no KafkaTopic");
                }
            }
        }
        Overlays.assertNoProblems(problems, "undeclared topics in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void topicsAreCompactedWhereThePipelineKeepsLatestValues(String overlay) {
        Manifests m = Overlays.render(overlay);
        Map<String, KafkaTopicView> topics = m.kafkaTopics().stream()
                .collect(Collectors.toMap(KafkaTopicView::topicName, Function.identity()));
        List<String> problems = new ArrayList<>();
        topics.forEach((name, t) -> {
            if (Topics.isCompacted(name) != t.compacted()) {
                problems.add(name + ": cleanup.policy " + t.config().get("cleanup.policy") + " but the pipeline treats it as "
                        + (Topics.isCompacted(name) ? "compacted" : "a log"));
            }
            if (!t.compacted() && !t.config().containsKey("retention.ms")) {
                problems.add(name + ": no retention.ms (frames must outlive a job and its replays, but not forever)");
            }
        });
        Overlays.assertNoProblems(problems, "topic cleanup policies in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void topicsBelongToTheClusterAndSurviveABrokerLoss(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (KafkaTopicView t : m.kafkaTopics()) {
            if (!names.add(t.topicName())) {
                problems.add(t.topicName() + " is declared twice");
            }
            if (t.cluster() == null || t.cluster().isBlank()) {
                problems.add(t.resourceName() + ": no strimzi.io/cluster label, no topic operator will pick it up");
            }
            if (t.partitions() < 1) {
                problems.add(t.resourceName() + ": partitions " + t.partitions());
            }
            if (t.replicas() < 3 || t.minInSyncReplicas() < 2 || t.minInSyncReplicas() >= t.replicas()) {
                problems.add(t.resourceName() + ": replicas " + t.replicas() + ", min.insync.replicas "
                        + t.minInSyncReplicas() + " (want >= 3 and 2..replicas-1 so acks=all survives one broker)");
            }
        }
        Set<String> clusters = m.kafkaTopics().stream().map(KafkaTopicView::cluster).collect(Collectors.toSet());
        if (clusters.size() != 1) {
            problems.add("topics name several clusters: " + clusters);
        } else {
            // Strimzi names the bootstrap service <cluster>-kafka-bootstrap in the cluster's namespace.
            String cluster = clusters.iterator().next();
            String namespace = m.kafkaTopics().get(0).namespace();
            String expectedHost = cluster + "-kafka-bootstrap." + namespace + ".";
            for (var d : m.deployments()) {
                String bootstrap = PodConfig.of(m, d).env().values().getOrDefault("DAGAN_KAFKA_BOOTSTRAP_SERVERS", "");
                if (!bootstrap.startsWith(expectedHost)) {
                    problems.add(d.getMetadata().getName() + " talks to " + bootstrap + ", not to the cluster the"
                            + " topics are declared in (" + expectedHost + "...)");
                }
            }
        }
        Overlays.assertNoProblems(problems, "KafkaTopics in overlay " + overlay);
    }
}
