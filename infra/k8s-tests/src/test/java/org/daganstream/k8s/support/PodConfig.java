package org.daganstream.k8s.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.daganstream.common.config.DaganConfig;

/**
 * The configuration one service's pod would start with: its main container's {@code DAGAN_*} environment,
 * read exactly as the service reads it ({@link DaganConfig} from environment variables only; no properties file
 * and nothing from the machine running the test).
 *
 * @param deployment the Deployment
 * @param container  its main container (named like the Deployment)
 * @param env        that container's resolved environment
 */
public record PodConfig(Deployment deployment, Container container, ContainerEnvironment env) {

    private static Manifests exampleSecrets;

    public static PodConfig of(Manifests manifests, Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        String name = deployment.getMetadata().getName();
        Container main = pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + name + " has no container named " + name));
        return new PodConfig(deployment, main,
                ContainerEnvironment.of(manifests, exampleSecrets(), deployment.getMetadata().getNamespace(), main));
    }

    /** k8s/secrets/example-secrets.yaml: the Secrets the deployments expect to exist. */
    public static synchronized Manifests exampleSecrets() {
        if (exampleSecrets == null) {
            Path file = ProjectPaths.k8s().resolve("secrets/example-secrets.yaml");
            try {
                exampleSecrets = Manifests.parse(file.toString(), Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exampleSecrets;
    }

    public String name() {
        return deployment.getMetadata().getName();
    }

    public PodSpec pod() {
        return deployment.getSpec().getTemplate().getSpec();
    }

    /**
     * The service's configuration. Values naming a path inside the container that is listed in
     * {@code localPaths} are replaced by the local equivalent, so settings code that reads a file at start (ingest
     * reads the model bundle's manifest) can run here.
     */
    public DaganConfig daganConfig(Map<String, Path> localPaths) {
        Map<String, String> vars = new LinkedHashMap<>(env.daganVariables());
        vars.replaceAll((k, v) -> localPaths.containsKey(v) ? localPaths.get(v).toString() : v);
        return DaganConfig.builder().env(vars).build();
    }

    public List<Container> initContainers() {
        return pod().getInitContainers() == null ? List.of() : pod().getInitContainers();
    }
}
