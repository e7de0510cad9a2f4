package org.daganstream.k8s.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.streams.StreamsConfig;
import org.daganstream.assembler.AssemblerSettings;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.gateway.GatewaySettings;
import org.daganstream.ingest.IngestSettings;
import org.daganstream.k8s.support.ServiceContract.Wiring;
import org.daganstream.motion.MotionConfig;
import org.daganstream.worker.StageDefinition;
import org.daganstream.worker.WorkerSettings;
import org.daganstream.worker.depth.DepthWorker;
import org.daganstream.worker.generator.GeneratorWorker;
import org.daganstream.worker.keypoint.KeypointWorker;

/** Every deployable service of dagan-stream and how to read its wiring from its own settings classes. */
public final class ServiceContracts {

    private ServiceContracts() {
    }

    public static List<ServiceContract> all() {
        Path services = ProjectPaths.root().resolve("services");
        Path common = services.resolve("common");
        List<Path> workerModules = List.of(common, services.resolve("inference"), services.resolve("worker-runtime"));
        return List.of(
                new ServiceContract("ingest", "dagan-ingest", List.of(common, services.resolve("ingest")), false,
                        ServiceContracts::ingest),
                worker("depth-worker", "dagan-depth-worker", DepthWorker.STAGE, workerModules,
                        services.resolve("depth-worker")),
                worker("keypoint-worker", "dagan-keypoint-worker", KeypointWorker.STAGE, workerModules,
                        services.resolve("keypoint-worker")),
                worker("generator-worker", "dagan-generator-worker", GeneratorWorker.STAGE, workerModules,
                        services.resolve("generator-worker")),
                new ServiceContract("motion", "dagan-motion", List.of(common, services.resolve("motion")), false,
                        ServiceContracts::motion),
                new ServiceContract("assembler", "dagan-assembler", List.of(common, services.resolve("assembler")),
                        false, ServiceContracts::assembler),
                new ServiceContract("gateway", "dagan-gateway", List.of(common, services.resolve("gateway")), false,
                        ServiceContracts::gateway));
    }

    public static Optional<ServiceContract> forDeployment(String name) {
        return all().stream().filter(c -> c.deployment().equals(name)).findFirst();
    }

    private static ServiceContract worker(String deployment, String artifactId, StageDefinition stage,
                                          List<Path> shared, Path module) {
        List<Path> modules = new java.util.ArrayList<>(shared);
        modules.add(module);
        return new ServiceContract(deployment, artifactId, List.copyOf(modules), true, config -> {
            WorkerSettings s = WorkerSettings.from(config, stage);
            return new Wiring(s.groupId(), s.inputTopic(), Set.of(s.inputTopic(), s.outputTopic(), s.deadLetterTopic()),
                    s.ensureTopics(), s.shutdownTimeout());
        });
    }

    private static Wiring ingest(DaganConfig config) {
        IngestSettings s = IngestSettings.fromConfig(config);
        return new Wiring(s.groupId(), s.jobsTopic(), Set.of(s.jobsTopic(), s.decodedTopic(), s.manifestsTopic(),
                s.statusTopic(), s.reenactmentsTopic(), s.dlqTopic()), s.ensureTopics(), s.shutdownTimeout());
    }

    private static Wiring motion(DaganConfig config) {
        MotionConfig m = MotionConfig.from(config);
        String applicationId = m.streams().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        // MotionService: motion.topics.ensure (default true), motion.shutdown.timeout (default 30 s).
        return new Wiring(applicationId, m.inputTopic(), Set.of(m.inputTopic(), m.outputTopic(), m.deadLetterTopic()),
                config.getBoolean("motion.topics.ensure", true),
                config.getDuration("motion.shutdown.timeout", Duration.ofSeconds(30)));
    }

    /** The gateway consumes with manual assignment (no group): it is not scaled on lag. */
    private static Wiring gateway(DaganConfig config) {
        GatewaySettings g = GatewaySettings.fromConfig(config);
        // GatewayService stops its HTTP server and consumer at once; 30 s covers requests in flight.
        return new Wiring(null, null, Set.of(g.jobsTopic(), g.statusTopic(), g.reenactmentsTopic()), g.ensureTopics(),
                Duration.ofSeconds(30));
    }

    private static Wiring assembler(DaganConfig config) {
        AssemblerSettings a = AssemblerSettings.fromConfig(config);
        var t = a.topics();
        // AssemblerService closes the Streams client (up to 30 s) before letting muxes in hand finish.
        return new Wiring(a.applicationId(), t.generated(),
                Set.of(t.generated(), t.manifests(), t.reenactments(), t.status(), t.dlq()), a.ensureTopics(),
                Duration.ofSeconds(30).plus(a.mux().shutdownTimeout()));
    }
}
