package org.daganstream.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates topics that do not exist yet; existing topics are left as they are (with a warning on mismatch). */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    public static final int DEFAULT_PARTITIONS = 12;

    private TopicAdmin() {
    }

    /**
     * Every pipeline topic ({@link Topics#ALL}, names after {@code topic.*} overrides) with
     * {@code topics.partitions} partitions (default 12) and {@code topics.replication.factor} replicas (default
     * the broker's); manifests and status compacted.
     */
    public static List<TopicSpec> pipelineTopics(DaganConfig config) {
        int partitions = config.getInt("topics.partitions", DEFAULT_PARTITIONS, 1, 100_000);
        short replicas = (short) config.getInt("topics.replication.factor", -1, -1, Short.MAX_VALUE);
        List<TopicSpec> specs = new ArrayList<>();
        for (String topic : Topics.ALL) {
            String name = Topics.resolve(config, topic);
            TopicSpec spec = Topics.isCompacted(topic) ? TopicSpec.compacted(name, partitions) : TopicSpec.of(name, partitions);
            specs.add(replicas == -1 ? spec : spec.withReplicationFactor(replicas));
        }
        return specs;
    }

    /** Connects with {@code kafka.*} settings, ensures {@code specs}, closes the admin client. */
    public static List<String> ensureTopics(DaganConfig config, Collection<TopicSpec> specs) {
        Duration timeout = config.getDuration("kafka.admin.timeout", Duration.ofSeconds(30));
        try (Admin admin = KafkaClients.admin(config, "dagan-topic-admin")) {
            return ensureTopics(admin, specs, timeout);
        }
    }

    /**
     * Creates the topics of {@code specs} that are missing.
     *
     * @return names of the topics this call created
     * @throws IllegalStateException when the broker refuses or does not answer within {@code timeout}
     */
    public static List<String> ensureTopics(Admin admin, Collection<TopicSpec> specs, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()),
                            spec.replicationFactor() == -1 ? Optional.empty() : Optional.of(spec.replicationFactor()))
                            .configs(spec.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            if (!missing.isEmpty()) {
                CreateTopicsResult result = admin.createTopics(missing);
                for (Map.Entry<String, ? extends org.apache.kafka.common.KafkaFuture<Void>> e : result.values().entrySet()) {
                    try {
                        e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        created.add(e.getKey());
                    } catch (ExecutionException ex) {
                        // Another service created it in the meantime: fine.
                        if (!(ex.getCause() instanceof TopicExistsException)) {
                            throw ex;
                        }
                    }
                }
                LOG.info("created topics {}", created);
            }
            warnOnMismatch(admin, specs, existing, timeout);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating topics failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer topic requests within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ensuring topics", e);
        }
    }

    private static void warnOnMismatch(Admin admin, Collection<TopicSpec> specs, Set<String> existed, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = specs.stream().map(TopicSpec::name).filter(existed::contains).toList();
        if (names.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (TopicSpec spec : specs) {
            TopicDescription d = descriptions.get(spec.name());
            if (d != null && d.partitions().size() < spec.partitions()) {
                LOG.warn("topic {} exists with {} partitions, fewer than the configured {}; left unchanged",
                        spec.name(), d.partitions().size(), spec.partitions());
            }
        }
    }
}
