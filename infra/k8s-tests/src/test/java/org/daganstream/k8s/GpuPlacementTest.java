package org.daganstream.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.daganstream.inference.ExecutionProvider;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.junit.jupiter.api.Test;

/**
 * The gpu overlay puts exactly the three model stages on GPU nodes (one GPU each, the -gpu images, the CUDA
 * provider, a toleration for the GPU taint); the cpu overlay requests no GPU anywhere.
 */
class GpuPlacementTest {

    private static final String GPU = "nvidia.com/gpu";

    private static Set<String> modelStages() {
        return ServiceContracts.all().stream().filter(ServiceContract::modelStage).map(ServiceContract::deployment)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void gpuOverlayGivesOneGpuToExactlyTheModelStages() {
        Manifests m = Overlays.render("gpu");
        Set<String> withGpu = m.deployments().stream().filter(GpuPlacementTest::requestsGpu)
                .map(d -> d.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(modelStages(), withGpu, "Deployments with an nvidia.com/gpu limit");
        assertEquals(3, withGpu.size(), "depth, keypoint and generator workers");

        List<String> problems = new ArrayList<>();
        for (String name : withGpu) {
            Deployment d = m.deployment(name).orElseThrow();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            PodConfig config = PodConfig.of(m, d);
            Quantity gpus = config.container().getResources().getLimits().get(GPU);
            if (gpus.getNumericalAmount().intValue() != 1) {
                problems.add(name + ": " + gpus + " GPUs, expected 1 (a stage scales by pods, not GPUs per pod)");
            }
            for (Container init : config.initContainers()) {
                if (init.getResources() != null && init.getResources().getLimits() != null
                        && init.getResources().getLimits().containsKey(GPU)) {
                    problems.add(name + "/" + init.getName() + ": an init container holds a GPU");
                }
            }
            if (!config.container().getImage().endsWith("-gpu")) {
                problems.add(name + ": image " + config.container().getImage() + " is not a -gpu image");
            }
            ExecutionProvider provider = InferenceOptions.from(
                    config.daganConfig(ServiceConfigurationTest.localPaths())).provider();
            if (provider == ExecutionProvider.CPU) {
                problems.add(name + ": inference.provider is cpu on a GPU node");
            }
            boolean tolerates = Optional.ofNullable(pod.getTolerations()).orElse(List.of()).stream()
                    .anyMatch(t -> GPU.equals(t.getKey()));
            if (!tolerates) {
                problems.add(name + ": no toleration for the " + GPU + " taint of GPU nodes");
            }
            if (pod.getNodeSelector() == null && pod.getAffinity() == null) {
                problems.add(name + ": neither a nodeSelector nor an affinity for GPU nodes");
            }
        }
        for (Deployment d : m.deployments()) {
            if (!withGpu.contains(d.getMetadata().getName())
                    && PodConfig.of(m, d).container().getImage().endsWith("-gpu")) {
                problems.add(d.getMetadata().getName() + " runs a -gpu image without a GPU");
            }
        }
        Overlays.assertNoProblems(problems, "gpu overlay");
    }

    @Test
    void cpuOverlayRequestsNoGpuAndRunsOnnxOnCpu() {
        Manifests m = Overlays.render("cpu");
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            if (requestsGpu(d)) {
                problems.add(d.getMetadata().getName() + " requests a GPU");
            }
            PodConfig config = PodConfig.of(m, d);
            if (config.container().getImage().endsWith("-gpu")) {
                problems.add(d.getMetadata().getName() + " runs a -gpu image");
            }
            if (modelStages().contains(d.getMetadata().getName())) {
                ExecutionProvider provider = InferenceOptions.from(
                        config.daganConfig(ServiceConfigurationTest.localPaths())).provider();
                if (provider != ExecutionProvider.CPU) {
                    problems.add(d.getMetadata().getName() + ": inference.provider " + provider + " without a GPU");
                }
            }
        }
        Overlays.assertNoProblems(problems, "cpu overlay");
    }

    private static boolean requestsGpu(Deployment d) {
        return DeploymentSafetyTest.containers(d.getSpec().getTemplate().getSpec()).stream()
                .map(c -> c.getResources() == null ? Map.<String, Quantity>of()
                        : Optional.ofNullable(c.getResources().getLimits()).orElse(Map.of()))
                .anyMatch(limits -> limits.containsKey(GPU));
    }
}
