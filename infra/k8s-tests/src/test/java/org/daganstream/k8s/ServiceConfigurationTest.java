package org.daganstream.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.daganstream.common.blob.S3Settings;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.config.Secrets;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.k8s.support.ContainerEnvironment;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.RequiredKeys;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The environment each pod gets is one its service starts with: every reference resolves, every key the
 * services declare required is set, the services' own settings code accepts the values, secrets come from
 * Secrets, and no service creates topics behind Strimzi's back.
 */
class ServiceConfigurationTest {

    /** Container paths replaced by local ones so settings code that reads a file at start can run here. */
    static Map<String, Path> localPaths() {
        Path tinyBundle = Path.of(System.getProperty("dagan.fixtures", "models/fixtures"), "tiny");
        if (!Files.isRegularFile(tinyBundle.resolve("manifest.json"))) {
            tinyBundle = org.daganstream.k8s.support.ProjectPaths.root().resolve("models/fixtures/tiny");
        }
        return Map.of("/models/bundle", tinyBundle);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyConfigMapAndSecretReferenceResolves(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            for (Container c : DeploymentSafetyTest.containers(d.getSpec().getTemplate().getSpec())) {
                ContainerEnvironment env = ContainerEnvironment.of(m, PodConfig.exampleSecrets(),
                        d.getMetadata().getNamespace(), c);
                env.problems().forEach(p -> problems.add(d.getMetadata().getName() + ": " + p));
            }
        }
        Overlays.assertNoProblems(problems, "unresolvable references in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyRequiredKeyIsSet(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            PodConfig pod = PodConfig.of(m, m.deployment(contract.deployment()).orElseThrow());
            DaganConfig config = pod.daganConfig(Map.of());
            Map<String, String> required = RequiredKeys.scan(contract.modules().toArray(Path[]::new));
            if (required.isEmpty()) {
                problems.add(contract.deployment() + ": found no required(...) keys in " + contract.modules()
                        + "; is the scan still looking at the right sources?");
            }
            required.forEach((key, declaredAt) -> {
                if (!config.has(key)) {
                    problems.add(contract.deployment() + ": " + key + " (env " + DaganConfig.envForKey(key)
                            + ", required at " + declaredAt + ") is not set");
                }
            });
        }
        Overlays.assertNoProblems(problems, "missing required settings in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void servicesAcceptTheirDeployedConfiguration(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            PodConfig pod = PodConfig.of(m, m.deployment(contract.deployment()).orElseThrow());
            DaganConfig config = pod.daganConfig(localPaths());
            try {
                contract.wiring().apply(config);
                S3Settings.fromConfig(config);
                KafkaClients.producerProperties(config, "manifest-check");
                KafkaClients.consumerProperties(config, "manifest-check", "manifest-check");
                if (contract.modelStage()) {
                    InferenceOptions.from(config);
                }
            } catch (RuntimeException e) {
                problems.add(contract.deployment() + ": " + e);
            }
        }
        Overlays.assertNoProblems(problems, "services refusing their configuration in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void secretsComeFromSecretsOnly(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            for (Container c : DeploymentSafetyTest.containers(d.getSpec().getTemplate().getSpec())) {
                ContainerEnvironment env = ContainerEnvironment.of(m, PodConfig.exampleSecrets(),
                        d.getMetadata().getNamespace(), c);
                env.origins().forEach((var, origin) -> {
                    boolean secretName = var.startsWith("DAGAN_") ? Secrets.isSecret(DaganConfig.keyForEnv(var))
                            : var.contains("SECRET") || var.contains("PASSWORD") || var.contains("ACCESS_KEY");
                    String value = env.values().get(var);
                    if (secretName && !origin.startsWith("Secret ") && !value.isBlank()) {
                        problems.add(d.getMetadata().getName() + "/" + c.getName() + ": " + var + " comes from "
                                + origin + ", not from a Secret");
                    }
                });
            }
        }
        Overlays.assertNoProblems(problems, "secrets outside Secrets in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void noServiceCreatesTopicsItself(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            PodConfig pod = PodConfig.of(m, m.deployment(contract.deployment()).orElseThrow());
            if (contract.wiring().apply(pod.daganConfig(localPaths())).createsTopics()) {
                problems.add(contract.deployment() + " would create missing topics at start (with its own partition"
                        + " counts); topics are Strimzi KafkaTopics here: disable its topic creation");
            }
        }
        Overlays.assertNoProblems(problems, "topic creation in overlay " + overlay);
    }
}
