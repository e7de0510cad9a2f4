package org.daganstream.embedded;

import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.internals.Topic;

/**
 * A topic to create: its name, partition count and topic-level configs (for example
 * {@code cleanup.policy=compact}). Always replication factor 1 on the single embedded node.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "topic name");
        Topic.validate(name); // throws InvalidTopicException that says what is wrong with the name
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, got " + partitions);
        }
        configs = Map.copyOf(Objects.requireNonNull(configs, "topic configs"));
    }

    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }

    /** A log-compacted topic: the broker keeps at least the latest record per key. */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
    }

    public boolean isCompacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
