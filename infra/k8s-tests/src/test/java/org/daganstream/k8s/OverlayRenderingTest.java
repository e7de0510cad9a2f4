package org.daganstream.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Both overlays render with kubectl's kustomize and deploy every service, in the right namespaces. */
class OverlayRenderingTest {

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyServiceIsDeployedOnceWithItsServiceAndConfig(String overlay) {
        Manifests m = Overlays.render(overlay);
        Set<String> expected = ServiceContracts.all().stream().map(ServiceContract::deployment)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> deployed = m.deployments().stream().map(d -> d.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, deployed, "Deployments in overlay " + overlay);
        List<String> problems = new ArrayList<>();
        for (String name : expected) {
            if (m.services().stream().noneMatch(s -> s.getMetadata().getName().equals(name))) {
                problems.add("no Service " + name);
            }
            if (!readsOwnConfigMap(m, m.deployment(name).orElseThrow())) {
                problems.add("Deployment " + name + " does not read (envFrom) an existing ConfigMap " + name + "-<hash>");
            }
        }
        Overlays.assertNoProblems(problems, "overlay " + overlay);
    }

    private static boolean readsOwnConfigMap(Manifests m, Deployment d) {
        String name = d.getMetadata().getName();
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getEnvFrom() == null ? java.util.stream.Stream.empty() : c.getEnvFrom().stream())
                .filter(e -> e.getConfigMapRef() != null && e.getConfigMapRef().getName().startsWith(name + "-"))
                .anyMatch(e -> m.configMap(Overlays.APP_NAMESPACE, e.getConfigMapRef().getName()).isPresent());
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void applicationResourcesLiveInTheirNamespaceAndTopicsWithKafka(String overlay) {
        Manifests m = Overlays.render(overlay);
        assertFalse(m.all().isEmpty(), "overlay " + overlay + " rendered nothing");
        List<String> problems = new ArrayList<>();
        for (HasMetadata r : m.all()) {
            if (r instanceof Namespace) {
                continue;
            }
            String expected = r.getKind().equals("KafkaTopic") ? Overlays.KAFKA_NAMESPACE : Overlays.APP_NAMESPACE;
            if (!expected.equals(r.getMetadata().getNamespace())) {
                problems.add(r.getKind() + " " + r.getMetadata().getName() + " is in namespace "
                        + r.getMetadata().getNamespace() + ", expected " + expected);
            }
        }
        Overlays.assertNoProblems(problems, "overlay " + overlay);
        assertEquals(List.of(Overlays.APP_NAMESPACE),
                m.namespaces().stream().map(n -> n.getMetadata().getName()).toList(),
                "the overlay creates the application namespace (and not the Kafka one, which Strimzi owns)");
    }
}
