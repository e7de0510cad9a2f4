package org.daganstream.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The topics of the dagan-stream pipeline, so an embedded stack can be started with all of them.
 * The status and manifest topics are compacted: only the latest record per job matters.
 */
public final class ProjectTopics {

    public static final List<String> NAMES = List.of(
            "dagan.jobs",
            "dagan.jobs.manifests",
            "dagan.frames.decoded",
            "dagan.frames.depth",
            "dagan.frames.keypoints",
            "dagan.frames.motion",
            "dagan.frames.generated",
            "dagan.reenactments",
            "dagan.jobs.status",
            "dagan.frames.dlq");

    public static final Set<String> COMPACTED = Set.of("dagan.jobs.manifests", "dagan.jobs.status");

    private ProjectTopics() {
    }

    /** Every project topic with {@code partitions} partitions. */
    public static List<TopicSpec> specs(int partitions) {
        List<TopicSpec> specs = new ArrayList<>();
        for (String name : NAMES) {
            specs.add(COMPACTED.contains(name) ? TopicSpec.compacted(name, partitions) : TopicSpec.of(name, partitions));
        }
        return List.copyOf(specs);
    }
}
