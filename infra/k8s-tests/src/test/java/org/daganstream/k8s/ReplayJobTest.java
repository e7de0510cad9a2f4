package org.daganstream.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import org.daganstream.cli.Dagan;
import org.daganstream.common.blob.S3Settings;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.k8s.support.ContainerEnvironment;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.PodSafety;
import org.daganstream.k8s.support.ProjectPaths;
import org.daganstream.k8s.support.RequiredKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import picocli.CommandLine;

/**
 * The on-demand {@code dagan replay} job: never scheduled, one run at a time, the CLI image running a command
 * line the CLI accepts, with a configuration that reaches the same Kafka and S3 as the services, as locked down
 * as every other pod.
 */
class ReplayJobTest {

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void replayRunsOnlyOnDemandWithACommandTheCliAccepts(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<CronJob> jobs = m.ofType(CronJob.class).stream()
                .filter(j -> j.getMetadata().getName().equals("dagan-replay")).toList();
        assertEquals(1, jobs.size(), "CronJob dagan-replay");
        CronJob job = jobs.get(0);
        assertEquals(Boolean.TRUE, job.getSpec().getSuspend(), "suspended: runs only when created from it");
        assertEquals("Forbid", job.getSpec().getConcurrencyPolicy(), "two replays at once would race");
        PodTemplateSpec template = job.getSpec().getJobTemplate().getSpec().getTemplate();
        assertEquals("Never", template.getSpec().getRestartPolicy());
        Container c = template.getSpec().getContainers().get(0);
        assertEquals("daganstream/dagan-cli:" + System.getProperty("dagan.version", "0.1.0-SNAPSHOT"), c.getImage());

        CommandLine.ParseResult parsed = Dagan.commandLine().parseArgs(c.getArgs().toArray(String[]::new));
        assertTrue(parsed.hasSubcommand(), "args " + c.getArgs() + " name a dagan subcommand");
        assertEquals("replay", parsed.subcommand().commandSpec().name());
        assertEquals("dagan-stream", template.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                "the network policies for Kafka and S3 select pods by this label");
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void replayPodIsLockedDownAndConfigured(String overlay) {
        Manifests m = Overlays.render(overlay);
        CronJob job = m.ofType(CronJob.class).stream().filter(j -> j.getMetadata().getName().equals("dagan-replay"))
                .findFirst().orElseThrow();
        PodSpec pod = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        List<String> problems = new ArrayList<>();
        problems.addAll(PodSafety.securityProblems("dagan-replay", pod));
        problems.addAll(PodSafety.resourceProblems("dagan-replay", pod));
        problems.addAll(PodSafety.tmpProblems("dagan-replay", pod));

        Container c = pod.getContainers().get(0);
        ContainerEnvironment env = ContainerEnvironment.of(m, PodConfig.exampleSecrets(), job.getMetadata().getNamespace(), c);
        problems.addAll(env.problems());
        DaganConfig config = DaganConfig.builder().env(env.daganVariables()).build();
        Path services = ProjectPaths.root().resolve("services");
        RequiredKeys.scan(services.resolve("common"), services.resolve("cli")).forEach((key, at) -> {
            if (!config.has(key)) {
                problems.add("dagan-replay: required " + key + " (" + at + ") is not set");
            }
        });
        try {
            S3Settings.fromConfig(config);
            KafkaClients.producerProperties(config, "replay-check");
        } catch (RuntimeException e) {
            problems.add("dagan-replay: " + e);
        }
        Map<String, String> serviceEnv = PodConfig.of(m, m.deployment("ingest").orElseThrow()).env().values();
        for (String shared : List.of("DAGAN_KAFKA_BOOTSTRAP_SERVERS", "DAGAN_S3_ENDPOINT", "DAGAN_S3_BUCKET")) {
            if (!String.valueOf(serviceEnv.get(shared)).equals(env.values().get(shared))) {
                problems.add("dagan-replay: " + shared + "=" + env.values().get(shared) + " but the services use "
                        + serviceEnv.get(shared));
            }
        }
        Overlays.assertNoProblems(problems, "replay job in overlay " + overlay);
    }
}
