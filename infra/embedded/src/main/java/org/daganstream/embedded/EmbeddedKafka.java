package org.daganstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker running in this JVM: one KRaft node that is both broker and controller,
 * listening on 127.0.0.1. Supports idempotent and transactional producers ({@code exactly_once_v2}).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
 *     kafka.createTopic("dagan.jobs", 4);
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final Admin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.admin = Admin.create(adminProperties(bootstrapServers));
    }

    /** Starts a broker on a free port, storing its logs in {@code logDir}. */
    public static EmbeddedKafka start(Path logDir) {
        return start(logDir, 0, Map.of());
    }

    /**
     * Starts a broker and waits until it accepts topic creation.
     *
     * @param logDir          folder for the broker's data (formatted on first use, reused afterwards)
     * @param port            client port on 127.0.0.1, or 0 for a free one
     * @param brokerOverrides broker settings applied over the single-node defaults
     */
    public static EmbeddedKafka start(Path logDir, int port, Map<String, String> brokerOverrides) {
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(brokerOverrides, "brokerOverrides");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Kafka port must be 0 (any free port) or 1-65535, got " + port);
        }
        QuietServerLogging.applyDefaults();
        KafkaExitGuard.install();
        Path dir = createDirectories(logDir.toAbsolutePath().normalize());
        KraftStorageFormatter.formatIfNeeded(dir, SingleNodeKraftConfig.NODE_ID,
                SingleNodeKraftConfig.CONTROLLER_LISTENER);

        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int brokerPort = port == 0 ? FreePorts.pick() : port;
            int controllerPort = FreePorts.pick();
            Properties props = SingleNodeKraftConfig.build(dir, brokerPort, controllerPort, brokerOverrides);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (Exception e) { // Scala code can throw checked exceptions undeclared
                stopQuietly(server);
                lastFailure = new IllegalStateException("Could not start the embedded Kafka broker on "
                        + SingleNodeKraftConfig.HOST + ":" + brokerPort + " (controller port " + controllerPort
                        + ", data " + dir + "): " + rootMessage(e), e);
                if (port == 0 && isBindFailure(e) && attempt < START_ATTEMPTS) {
                    LOG.warn("Kafka port was taken before the broker could bind it; retrying with other ports");
                    continue;
                }
                throw lastFailure;
            }
            EmbeddedKafka kafka = new EmbeddedKafka(server, SingleNodeKraftConfig.HOST + ":" + brokerPort, dir);
            try {
                kafka.awaitBrokerRegistered();
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            LOG.info("Embedded Kafka broker ready at {} (data {})", kafka.bootstrapServers, dir);
            return kafka;
        }
        throw lastFailure;
    }

    /** {@code host:port} for the {@code bootstrap.servers} client setting. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    public void createTopic(String name, int partitions) {
        createTopics(List.of(TopicSpec.of(name, partitions)));
    }

    public void createCompactedTopic(String name, int partitions) {
        createTopics(List.of(TopicSpec.compacted(name, partitions)));
    }

    /**
     * Creates the topics and waits until every partition has a leader, so clients can use them at
     * once. A topic that already exists with the same partition count is accepted as it is (a
     * reused data folder); one with a different count is an error.
     */
    public void createTopics(Collection<TopicSpec> topics) {
        ensureOpen();
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> requests = new ArrayList<>();
        for (TopicSpec topic : topics) {
            requests.add(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.configs()));
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(requests).values();
        for (TopicSpec topic : topics) {
            try {
                await(results.get(topic.name()), "create topic " + topic.name());
            } catch (TopicExistsException e) {
                checkExistingPartitions(topic);
            } catch (KafkaException e) {
                throw new IllegalStateException("Could not create topic " + topic.name() + ": " + e.getMessage(), e);
            }
        }
        awaitLeaders(topics.stream().map(TopicSpec::name).toList());
    }

    /** The admin client this broker uses; owned by it and closed with it. */
    public Admin admin() {
        ensureOpen();
        return admin;
    }

    /** Shuts the broker down cleanly and waits for it; the log directory is left in place. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        admin.close(Duration.ofSeconds(5));
        stopQuietly(server);
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    private void awaitBrokerRegistered() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                // A fenced broker is not listed, and topics cannot be placed on it yet.
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Broker not ready yet: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
            }
            sleep(50);
        }
        throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers
                + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s");
    }

    private void checkExistingPartitions(TopicSpec topic) {
        TopicDescription existing = await(admin.describeTopics(List.of(topic.name())).allTopicNames(),
                "describe topic " + topic.name()).get(topic.name());
        int actual = existing.partitions().size();
        if (actual != topic.partitions()) {
            throw new IllegalStateException("Topic " + topic.name() + " already exists with " + actual
                    + " partitions, but " + topic.partitions() + " were requested");
        }
    }

    private void awaitLeaders(List<String> names) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames(),
                        "describe topics " + names);
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (allLed) {
                    return;
                }
            } catch (UnknownTopicOrPartitionException e) {
                // The controller has created the topic but the broker's metadata has not caught up yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Partitions of " + names + " have no leader after "
                        + ADMIN_TIMEOUT.toSeconds() + " s");
            }
            sleep(20);
        }
    }

    /** Waits for an admin call; unwraps its failure so callers can catch Kafka's own exceptions. */
    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + ADMIN_TIMEOUT.toSeconds() + " s trying to "
                    + what + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers + " is closed");
        }
    }

    private static Properties adminProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "dagan-embedded-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(ADMIN_TIMEOUT.toMillis()));
        return props;
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (Exception e) {
            LOG.warn("Embedded Kafka broker did not shut down cleanly: {}", e.toString());
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create Kafka log directory " + dir, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
        }
    }
}
