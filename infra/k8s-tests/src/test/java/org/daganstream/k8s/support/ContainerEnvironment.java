package org.daganstream.k8s.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The environment a container would see, resolved the way the kubelet does it: {@code envFrom} sources in order,
 * then {@code env} entries (which win). ConfigMaps come from the rendered manifests; Secrets, which are not part
 * of them, from {@code k8s/secrets/example-secrets.yaml}. References that would not resolve in a cluster (a
 * missing ConfigMap, Secret or key) are collected in {@link #problems()}.
 */
public final class ContainerEnvironment {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ContainerEnvironment() {
    }

    public static ContainerEnvironment of(Manifests manifests, Manifests secrets, String namespace, Container c) {
        ContainerEnvironment env = new ContainerEnvironment();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            env.addEnvFrom(manifests, secrets, namespace, c.getName(), from);
        }
        for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            env.addVar(manifests, secrets, namespace, c.getName(), var);
        }
        return env;
    }

    private void addEnvFrom(Manifests manifests, Manifests secrets, String ns, String container, EnvFromSource from) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
            String name = from.getConfigMapRef().getName();
            Optional<ConfigMap> cm = manifests.configMap(ns, name);
            if (cm.isEmpty()) {
                problem(container, from.getConfigMapRef().getOptional(), "envFrom ConfigMap " + name + " does not exist");
                return;
            }
            Optional.ofNullable(cm.get().getData()).orElse(Map.of())
                    .forEach((k, v) -> put(prefix + k, v, "ConfigMap " + name));
        }
        if (from.getSecretRef() != null) {
            String name = from.getSecretRef().getName();
            Optional<Secret> secret = secrets.secret(ns, name);
            if (secret.isEmpty()) {
                problem(container, from.getSecretRef().getOptional(), "envFrom Secret " + name
                        + " is not among the example Secrets");
                return;
            }
            secretData(secret.get()).forEach((k, v) -> put(prefix + k, v, "Secret " + name));
        }
    }

    private void addVar(Manifests manifests, Manifests secrets, String ns, String container, EnvVar var) {
        EnvVarSource source = var.getValueFrom();
        if (source == null) {
            put(var.getName(), var.getValue() == null ? "" : var.getValue(), "literal");
        } else if (source.getConfigMapKeyRef() != null) {
            String name = source.getConfigMapKeyRef().getName();
            String key = source.getConfigMapKeyRef().getKey();
            Optional<String> value = manifests.configMap(ns, name)
                    .map(cm -> Optional.ofNullable(cm.getData()).orElse(Map.of()).get(key));
            if (value.isPresent()) {
                put(var.getName(), value.get(), "ConfigMap " + name + " key " + key);
            } else {
                problem(container, source.getConfigMapKeyRef().getOptional(), var.getName() + ": ConfigMap " + name
                        + " has no key " + key);
            }
        } else if (source.getSecretKeyRef() != null) {
            String name = source.getSecretKeyRef().getName();
            String key = source.getSecretKeyRef().getKey();
            Optional<String> value = secrets.secret(ns, name).map(s -> secretData(s).get(key));
            if (value.isPresent()) {
                put(var.getName(), value.get(), "Secret " + name + " key " + key);
            } else {
                problem(container, source.getSecretKeyRef().getOptional(), var.getName() + ": Secret " + name
                        + " key " + key + " is not among the example Secrets (k8s/secrets/example-secrets.yaml)");
            }
        } else if (source.getFieldRef() != null) {
            put(var.getName(), "field-" + source.getFieldRef().getFieldPath().replace('.', '-'),
                    "fieldRef " + source.getFieldRef().getFieldPath());
        } else if (source.getResourceFieldRef() != null) {
            put(var.getName(), "1", "resourceFieldRef " + source.getResourceFieldRef().getResource());
        } else {
            problem(container, false, var.getName() + " has a valueFrom this test does not know");
        }
    }

    private static Map<String, String> secretData(Secret s) {
        Map<String, String> data = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> data.put(k, new String(java.util.Base64.getDecoder().decode(v),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            data.putAll(s.getStringData());
        }
        return data;
    }

    private void put(String name, String value, String origin) {
        values.put(name, value);
        origins.put(name, origin);
    }

    private void problem(String container, Boolean optional, String message) {
        if (!Boolean.TRUE.equals(optional)) {
            problems.add("container " + container + ": " + message);
        }
    }

    /** Variable name to value. */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Variable name to where its value comes from ("ConfigMap x", "Secret y key z", "literal"). */
    public Map<String, String> origins() {
        return Collections.unmodifiableMap(origins);
    }

    /** References that would fail in a cluster. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Only the {@code DAGAN_*} variables: what {@code DaganConfig} reads. */
    public Map<String, String> daganVariables() {
        Map<String, String> dagan = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("DAGAN_")) {
                dagan.put(k, v);
            }
        });
        return dagan;
    }
}
