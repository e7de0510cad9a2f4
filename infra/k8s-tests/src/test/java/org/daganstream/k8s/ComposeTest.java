package org.daganstream.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daganstream.common.Topics;
import org.daganstream.common.blob.S3Settings;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.k8s.support.ComposeFile;
import org.daganstream.k8s.support.KafkaTopicView;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.ProjectPaths;
import org.daganstream.k8s.support.RequiredKeys;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.junit.jupiter.api.Test;

/**
 * infra/compose/docker-compose.yml runs every service from the image its module builds, with a configuration
 * the service accepts, after the topics (the same ones as on Kubernetes) and the bucket exist. No Docker needed:
 * the file is checked against the services' own settings code.
 */
class ComposeTest {

    private static final Pattern CREATE_TOPIC = Pattern.compile("(?m)^create_topic\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)");

    private static ComposeFile compose() {
        return ComposeFile.load(ProjectPaths.compose().resolve("docker-compose.yml"));
    }

    @Test
    void everyServiceRunsFromItsJibImage() {
        Map<String, ComposeFile.Service> services = compose().services();
        String version = System.getProperty("dagan.version", "0.1.0-SNAPSHOT");
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            ComposeFile.Service s = services.get(contract.deployment());
            if (s == null) {
                problems.add("no compose service " + contract.deployment());
            } else if (!s.image().equals("daganstream/" + contract.artifactId() + ":" + version)) {
                problems.add(contract.deployment() + " runs " + s.image() + ", but `mvn -Pimage` builds daganstream/"
                        + contract.artifactId() + ":" + version);
            }
        }
        Overlays.assertNoProblems(problems, "compose images");
    }

    @Test
    void servicesAcceptTheirComposeConfiguration() {
        ComposeFile compose = compose();
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            ComposeFile.Service s = compose.services().get(contract.deployment());
            if (s == null) {
                continue; // reported by everyServiceRunsFromItsJibImage
            }
            Map<String, String> env = new TreeMap<>(s.environment());
            // A container path the service reads at start is replaced by the host folder mounted there.
            env.replaceAll((k, v) -> v.startsWith("/") ? s.hostPathOf(v, compose.directory()).map(Path::toString).orElse(v) : v);
            DaganConfig config = DaganConfig.builder().env(env).build();
            RequiredKeys.scan(contract.modules().toArray(Path[]::new)).forEach((key, at) -> {
                if (!config.has(key)) {
                    problems.add(contract.deployment() + ": required " + key + " (" + at + ") is not set");
                }
            });
            try {
                ServiceContract.Wiring wiring = contract.wiring().apply(config);
                if (wiring.createsTopics()) {
                    problems.add(contract.deployment() + " would create topics itself instead of waiting for topic-init");
                }
                S3Settings.fromConfig(config);
                KafkaClients.producerProperties(config, "compose-check");
                if (contract.modelStage()) {
                    InferenceOptions.from(config);
                    Path bundle = Path.of(config.required("model.bundle.dir"));
                    if (!Files.isRegularFile(bundle.resolve("manifest.json"))) {
                        problems.add(contract.deployment() + ": the mounted bundle " + bundle + " has no manifest.json");
                    }
                }
            } catch (RuntimeException e) {
                problems.add(contract.deployment() + ": " + e);
            }
        }
        Overlays.assertNoProblems(problems, "compose configuration");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesStartOnceTopicsAndBucketExist() {
        Map<String, ComposeFile.Service> services = compose().services();
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            ComposeFile.Service s = services.get(contract.deployment());
            if (s == null) {
                continue;
            }
            Object dependsOn = s.raw().get("depends_on");
            Map<String, Object> deps = dependsOn instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            for (String init : List.of("topic-init", "bucket-init")) {
                Object condition = deps.get(init) instanceof Map<?, ?> c ? c.get("condition") : null;
                if (!"service_completed_successfully".equals(condition)) {
                    problems.add(contract.deployment() + " does not wait for " + init + " to complete");
                }
            }
        }
        Overlays.assertNoProblems(problems, "compose start order");
    }

    @Test
    void topicInitCreatesTheSameTopicsAsKubernetes() throws IOException {
        Path script = ProjectPaths.compose().resolve("create-topics.sh");
        Map<String, String> composePolicies = new TreeMap<>();
        Matcher m = CREATE_TOPIC.matcher(Files.readString(script));
        while (m.find()) {
            composePolicies.put(m.group(1), m.group(3));
        }
        Path topicsFile = ProjectPaths.k8s().resolve("base/topics/topics.yaml");
        Map<String, String> k8sPolicies = new TreeMap<>();
        for (KafkaTopicView t : Manifests.parse(topicsFile.toString(), Files.readString(topicsFile)).kafkaTopics()) {
            k8sPolicies.put(t.topicName(), t.compacted() ? "compact" : "delete");
        }
        assertEquals(new TreeSet<>(Topics.ALL), new TreeSet<>(composePolicies.keySet()),
                "create-topics.sh creates exactly the pipeline's topics");
        assertEquals(k8sPolicies, composePolicies, "cleanup policies: create-topics.sh vs k8s/base/topics");
        ComposeFile.Service init = compose().services().get("topic-init");
        assertTrue(init != null && init.volumes().stream().anyMatch(v -> v.startsWith("./create-topics.sh:")),
                "compose service topic-init runs create-topics.sh");
    }

    @Test
    void composeNeedsNoVariablesFromTheUser() {
        assertEquals(List.of(), compose().variablesWithoutDefault(),
                "every ${VAR} in docker-compose.yml has a default, so `docker compose up` works as it is");
        Set<String> names = compose().services().keySet();
        assertTrue(names.containsAll(Set.of("kafka", "minio", "topic-init", "bucket-init")), "infrastructure services: " + names);
    }
}
