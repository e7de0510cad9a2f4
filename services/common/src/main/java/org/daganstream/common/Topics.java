package org.daganstream.common;

import java.util.List;
import java.util.Set;

import org.daganstream.common.config.DaganConfig;

/**
 * Kafka topic names of the pipeline. Each can be renamed per deployment with config key
 * {@code topic.<name without "dagan.">}, e.g. {@code topic.frames.depth} (env {@code DAGAN_TOPIC_FRAMES_DEPTH}).
 */
public final class Topics {

    public static final String JOBS = "dagan.jobs";
    /** Compacted: latest manifest per job. */
    public static final String JOB_MANIFESTS = "dagan.jobs.manifests";
    public static final String FRAMES_DECODED = "dagan.frames.decoded";
    public static final String FRAMES_DEPTH = "dagan.frames.depth";
    public static final String FRAMES_KEYPOINTS = "dagan.frames.keypoints";
    public static final String FRAMES_MOTION = "dagan.frames.motion";
    public static final String FRAMES_GENERATED = "dagan.frames.generated";
    public static final String REENACTMENTS = "dagan.reenactments";
    /** Compacted: latest status per job. */
    public static final String JOB_STATUS = "dagan.jobs.status";
    public static final String FRAMES_DLQ = "dagan.frames.dlq";

    /** Every topic of the pipeline, in pipeline order. */
    public static final List<String> ALL = List.of(JOBS, JOB_MANIFESTS, FRAMES_DECODED, FRAMES_DEPTH,
            FRAMES_KEYPOINTS, FRAMES_MOTION, FRAMES_GENERATED, REENACTMENTS, JOB_STATUS, FRAMES_DLQ);

    /** Topics that keep only the latest record per key. */
    public static final Set<String> COMPACTED = Set.of(JOB_MANIFESTS, JOB_STATUS);

    private static final String DEFAULT_PREFIX = "dagan.";
    private static final String OVERRIDE_PREFIX = "topic.";

    private Topics() {
    }

    /** The name to use for {@code topic} (one of the constants above) under {@code config}'s overrides. */
    public static String resolve(DaganConfig config, String topic) {
        return config.get(overrideKey(topic), topic);
    }

    /** {@code dagan.frames.depth} -&gt; {@code topic.frames.depth}. */
    public static String overrideKey(String topic) {
        String logical = topic.startsWith(DEFAULT_PREFIX) ? topic.substring(DEFAULT_PREFIX.length()) : topic;
        return OVERRIDE_PREFIX + logical;
    }

    public static boolean isCompacted(String topic) {
        return COMPACTED.contains(topic);
    }
}
