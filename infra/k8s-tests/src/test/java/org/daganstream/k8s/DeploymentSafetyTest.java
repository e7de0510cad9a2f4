package org.daganstream.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.PodSafety;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every Deployment of both overlays: health probes on the endpoints the services serve, resource requests and
 * limits, a locked-down security context with a read-only root filesystem, writable paths on emptyDir volumes,
 * a disruption budget and a Service.
 */
class DeploymentSafetyTest {

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void probesHitTheHealthEndpointsOnTheServicePort(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            PodConfig pod = PodConfig.of(m, d);
            Container c = pod.container();
            int httpPort = Integer.parseInt(pod.env().values().getOrDefault("DAGAN_HTTP_PORT", "8080"));
            String where = d.getMetadata().getName() + ": ";
            if (c.getPorts() == null || c.getPorts().stream().noneMatch(p -> p.getContainerPort() == httpPort)) {
                problems.add(where + "container does not declare its http.port " + httpPort);
            }
            checkProbe(problems, where + "liveness", c.getLivenessProbe(), "/health/live", c, httpPort);
            checkProbe(problems, where + "readiness", c.getReadinessProbe(), "/health/ready", c, httpPort);
            if (c.getStartupProbe() != null) {
                checkProbe(problems, where + "startup", c.getStartupProbe(), "/health/live", c, httpPort);
            }
        }
        Overlays.assertNoProblems(problems, "probes in overlay " + overlay);
    }

    private static void checkProbe(List<String> problems, String what, Probe probe, String path, Container c, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(what + " probe missing or not an HTTP GET");
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            problems.add(what + " probe path is " + probe.getHttpGet().getPath() + ", expected " + path);
        }
        if (resolvePort(c, probe.getHttpGet().getPort()) != port) {
            problems.add(what + " probe port " + probe.getHttpGet().getPort() + " is not the service's http.port " + port);
        }
    }

    private static int resolvePort(Container c, IntOrString port) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return Optional.ofNullable(c.getPorts()).orElse(List.of()).stream()
                .filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(-1);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyContainerHasRequestsWithinLimits(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            problems.addAll(PodSafety.resourceProblems(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        }
        Overlays.assertNoProblems(problems, "resources in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyContainerRunsLockedDown(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            problems.addAll(PodSafety.securityProblems(d.getMetadata().getName(), pod));
            problems.addAll(PodSafety.tmpProblems(d.getMetadata().getName(), pod));
        }
        Overlays.assertNoProblems(problems, "security contexts in overlay " + overlay);
    }

    /**
     * With a read-only root filesystem, every directory the service is configured to write ({@code DAGAN_*_DIR})
     * must be a writable emptyDir mount; the model bundle folder is filled by an init container.
     */
    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void writablePathsAreEmptyDirVolumes(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            PodConfig pod = PodConfig.of(m, d);
            String name = d.getMetadata().getName();
            pod.env().daganVariables().forEach((var, value) -> {
                if (!var.endsWith("_DIR") || !value.startsWith("/")) {
                    return;
                }
                Optional<VolumeMount> mount = mountFor(pod.container(), value);
                if (mount.isEmpty() || !isEmptyDir(pod.pod(), mount.get())) {
                    problems.add(name + ": " + var + "=" + value + " is not on an emptyDir volume mount");
                } else if (var.equals("DAGAN_MODEL_BUNDLE_DIR")) {
                    boolean filled = pod.initContainers().stream()
                            .anyMatch(init -> mountFor(init, value).map(vm -> vm.getName().equals(mount.get().getName())
                                    && !Boolean.TRUE.equals(vm.getReadOnly())).orElse(false));
                    if (!filled) {
                        problems.add(name + ": nothing fills the model bundle folder " + value
                                + " (no init container writes volume " + mount.get().getName() + ")");
                    }
                } else if (Boolean.TRUE.equals(mount.get().getReadOnly())) {
                    problems.add(name + ": " + var + "=" + value + " is on a read-only mount");
                }
            });
        }
        Overlays.assertNoProblems(problems, "writable paths in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everyDeploymentHasADisruptionBudgetAndAService(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            String name = d.getMetadata().getName();
            List<PodDisruptionBudget> budgets = m.disruptionBudgets().stream()
                    .filter(p -> podLabels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            if (budgets.size() != 1) {
                problems.add(name + ": " + budgets.size() + " PodDisruptionBudgets select its pods, expected 1");
            } else {
                var pdb = budgets.get(0).getSpec();
                if (pdb.getMaxUnavailable() == null && pdb.getMinAvailable() == null) {
                    problems.add(name + ": its PodDisruptionBudget sets neither maxUnavailable nor minAvailable");
                }
            }
            boolean served = m.services().stream().anyMatch(s -> s.getSpec().getSelector() != null
                    && podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()));
            if (!served) {
                problems.add(name + ": no Service selects its pods");
            }
        }
        Overlays.assertNoProblems(problems, "disruption budgets and services in overlay " + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void shutdownGetsTimeToCommitTheWorkInHand(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            PodConfig pod = PodConfig.of(m, d);
            var contract = org.daganstream.k8s.support.ServiceContracts.forDeployment(pod.name()).orElseThrow();
            var wiring = contract.wiring().apply(pod.daganConfig(ServiceConfigurationTest.localPaths()));
            long grace = Optional.ofNullable(pod.pod().getTerminationGracePeriodSeconds()).orElse(30L);
            long needed = wiring.shutdownTimeout().toSeconds() + 5;
            if (grace < needed) {
                problems.add(pod.name() + ": terminationGracePeriodSeconds " + grace + " < graceful shutdown "
                        + wiring.shutdownTimeout().toSeconds() + " s + 5 s: SIGKILL would cut the commit short");
            }
        }
        Overlays.assertNoProblems(problems, "termination grace in overlay " + overlay);
    }

    static List<Container> containers(PodSpec pod) {
        return PodSafety.containers(pod);
    }

    static Optional<VolumeMount> mountFor(Container c, String path) {
        return PodSafety.mountFor(c, path);
    }

    static boolean isEmptyDir(PodSpec pod, VolumeMount mount) {
        return PodSafety.isEmptyDir(pod, mount);
    }
}
