package org.daganstream.common.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * A topic to create.
 *
 * @param name              topic name
 * @param partitions        partition count, at least 1
 * @param replicationFactor replicas, or -1 for the broker default
 * @param configs           topic configs such as {@code cleanup.policy}
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, got " + partitions);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException("topic " + name + " replication factor must be >= 1 or -1, got " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, (short) -1, Map.of());
    }

    /** Keeps only the latest record per key ({@code cleanup.policy=compact}). */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, (short) -1, Map.of("cleanup.policy", "compact"));
    }

    public TopicSpec withReplicationFactor(short replicas) {
        return new TopicSpec(name, partitions, replicas, configs);
    }

    public TopicSpec withConfig(String key, String value) {
        Map<String, String> c = new HashMap<>(configs);
        c.put(key, value);
        return new TopicSpec(name, partitions, replicationFactor, c);
    }

    public boolean isCompacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
