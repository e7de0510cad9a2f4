package org.daganstream.k8s.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/** Checks every pod template of the project must pass, whatever runs it (Deployment, CronJob). */
public final class PodSafety {

    private PodSafety() {
    }

    /** Init containers then containers. */
    public static List<Container> containers(PodSpec pod) {
        return Stream.concat(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream(),
                pod.getContainers().stream()).toList();
    }

    /** CPU and memory requests and limits on every container, requests within limits. */
    public static List<String> resourceProblems(String owner, PodSpec pod) {
        List<String> problems = new ArrayList<>();
        for (Container c : containers(pod)) {
            String where = owner + "/" + c.getName() + ": ";
            if (c.getResources() == null) {
                problems.add(where + "no resources");
                continue;
            }
            Map<String, Quantity> requests = Optional.ofNullable(c.getResources().getRequests()).orElse(Map.of());
            Map<String, Quantity> limits = Optional.ofNullable(c.getResources().getLimits()).orElse(Map.of());
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = requests.get(resource);
                Quantity limit = limits.get(resource);
                if (request == null || limit == null) {
                    problems.add(where + resource + " request and limit must both be set (request " + request
                            + ", limit " + limit + ")");
                } else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                    problems.add(where + resource + " request " + request + " exceeds its limit " + limit);
                }
            }
        }
        return problems;
    }

    /**
     * Non-root, read-only root filesystem, no privilege escalation, every capability dropped, no service account
     * token (the services never call the Kubernetes API).
     */
    public static List<String> securityProblems(String owner, PodSpec pod) {
        List<String> problems = new ArrayList<>();
        PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
        if (Objects.equals(podContext.getRunAsUser(), 0L)) {
            problems.add(owner + ": pod runs as user 0");
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            problems.add(owner + ": mounts a service account token it does not need");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            problems.add(owner + ": shares a host namespace");
        }
        for (Container c : containers(pod)) {
            String where = owner + "/" + c.getName() + ": ";
            SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
            boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                    || (sc.getRunAsNonRoot() == null && Boolean.TRUE.equals(podContext.getRunAsNonRoot()));
            if (!nonRoot) {
                problems.add(where + "runAsNonRoot is not true");
            }
            if (Objects.equals(sc.getRunAsUser(), 0L)) {
                problems.add(where + "runs as user 0");
            }
            if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                problems.add(where + "readOnlyRootFilesystem is not true");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problems.add(where + "allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                problems.add(where + "is privileged");
            }
            List<String> dropped = sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                    ? List.of() : sc.getCapabilities().getDrop();
            if (!dropped.contains("ALL")) {
                problems.add(where + "does not drop ALL capabilities");
            }
            if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null
                    && !sc.getCapabilities().getAdd().isEmpty()) {
                problems.add(where + "adds capabilities " + sc.getCapabilities().getAdd());
            }
        }
        return problems;
    }

    /** With a read-only root filesystem, /tmp (native libraries, temp files) must be a writable emptyDir. */
    public static List<String> tmpProblems(String owner, PodSpec pod) {
        List<String> problems = new ArrayList<>();
        for (Container c : containers(pod)) {
            if (mountFor(c, "/tmp").filter(vm -> isEmptyDir(pod, vm) && !Boolean.TRUE.equals(vm.getReadOnly())).isEmpty()) {
                problems.add(owner + "/" + c.getName() + ": /tmp is not a writable emptyDir mount");
            }
        }
        return problems;
    }

    /** The mount whose path holds {@code path} (deepest first). */
    public static Optional<VolumeMount> mountFor(Container c, String path) {
        return Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
                .filter(vm -> path.equals(vm.getMountPath()) || path.startsWith(vm.getMountPath().replaceAll("/$", "") + "/"))
                .max(Comparator.comparingInt(vm -> vm.getMountPath().length()));
    }

    public static boolean isEmptyDir(PodSpec pod, VolumeMount mount) {
        return Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getName().equals(mount.getName())).map(Volume::getEmptyDir).anyMatch(Objects::nonNull);
    }
}
