package org.daganstream.k8s.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The resources of one rendered kustomization (or any multi-document manifest file), typed by fabric8's
 * Kubernetes model; custom resources (KEDA, Strimzi) come back as {@link GenericKubernetesResource} and are read
 * through {@link #tree(HasMetadata)}.
 */
public final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Manifests> OVERLAYS = new ConcurrentHashMap<>();

    private final String source;
    private final List<HasMetadata> resources;

    private Manifests(String source, List<HasMetadata> resources) {
        this.source = source;
        this.resources = List.copyOf(resources);
    }

    /** {@code k8s/overlays/<name>} rendered by kubectl, once per test run. */
    public static Manifests overlay(String name) {
        return OVERLAYS.computeIfAbsent(name,
                n -> parse("overlay " + n, Kustomize.render(ProjectPaths.overlay(n))));
    }

    /** Parses multi-document YAML. */
    public static Manifests parse(String source, String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> items = new ArrayList<>();
        if (parsed instanceof KubernetesList list) {
            items.addAll(list.getItems());
        } else if (parsed instanceof Collection<?> many) {
            for (Object o : many) {
                if (o != null) {
                    items.add((HasMetadata) o);
                }
            }
        } else if (parsed instanceof HasMetadata one) {
            items.add(one);
        } else if (parsed != null) {
            throw new IllegalArgumentException(source + " is not a list of Kubernetes resources: " + parsed.getClass());
        }
        return new Manifests(source, items);
    }

    public String source() {
        return source;
    }

    public List<HasMetadata> all() {
        return resources;
    }

    public <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<Deployment> deployments() {
        return ofType(Deployment.class);
    }

    public Optional<Deployment> deployment(String name) {
        return deployments().stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst();
    }

    public List<Service> services() {
        return ofType(Service.class);
    }

    public List<PodDisruptionBudget> disruptionBudgets() {
        return ofType(PodDisruptionBudget.class);
    }

    public List<NetworkPolicy> networkPolicies() {
        return ofType(NetworkPolicy.class);
    }

    public List<Namespace> namespaces() {
        return ofType(Namespace.class);
    }

    public List<Secret> secrets() {
        return ofType(Secret.class);
    }

    public Optional<ConfigMap> configMap(String namespace, String name) {
        return ofType(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(name) && namespace.equals(c.getMetadata().getNamespace()))
                .findFirst();
    }

    public Optional<Secret> secret(String namespace, String name) {
        return secrets().stream()
                .filter(s -> s.getMetadata().getName().equals(name) && namespace.equals(s.getMetadata().getNamespace()))
                .findFirst();
    }

    /** Custom resources of one kind, e.g. {@code custom("keda.sh", "ScaledObject")}. */
    public List<GenericKubernetesResource> custom(String group, String kind) {
        return ofType(GenericKubernetesResource.class).stream()
                .filter(r -> kind.equals(r.getKind()) && r.getApiVersion() != null
                        && r.getApiVersion().startsWith(group + "/"))
                .toList();
    }

    public List<KafkaTopicView> kafkaTopics() {
        return custom("kafka.strimzi.io", "KafkaTopic").stream().map(KafkaTopicView::of).toList();
    }

    public List<ScaledObjectView> scaledObjects() {
        return custom("keda.sh", "ScaledObject").stream().map(ScaledObjectView::of).toList();
    }

    /** The resource as a JSON tree, for reading custom resources with {@code at("/spec/...")}. */
    public static JsonNode tree(HasMetadata resource) {
        return JSON.valueToTree(resource);
    }

    @Override
    public String toString() {
        return source + " (" + resources.size() + " resources)";
    }
}
