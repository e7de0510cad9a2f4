package org.daganstream.cli.replay;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.daganstream.common.Topics;
import org.daganstream.common.config.DaganConfig;

/**
 * Where a dead-lettered frame goes back to: its stage's input topic. The DLQ record names the topic the failed
 * record was read from; when that is one of the frame topics it is used as is, otherwise (a Streams stage reading
 * an internal repartition topic) the stage name decides.
 */
public final class ReplayTargets {

    private static final List<String> FRAME_TOPICS = List.of(Topics.FRAMES_DECODED, Topics.FRAMES_DEPTH,
            Topics.FRAMES_KEYPOINTS, Topics.FRAMES_MOTION, Topics.FRAMES_GENERATED);

    /** Stage name (as stages write it, lower-case) -&gt; its input topic. */
    private static final Map<String, String> BY_STAGE = Map.ofEntries(
            Map.entry("depth", Topics.FRAMES_DECODED),
            Map.entry("depth-worker", Topics.FRAMES_DECODED),
            Map.entry("keypoint", Topics.FRAMES_DEPTH),
            Map.entry("keypoints", Topics.FRAMES_DEPTH),
            Map.entry("keypoint-worker", Topics.FRAMES_DEPTH),
            Map.entry("motion", Topics.FRAMES_KEYPOINTS),
            Map.entry("generator", Topics.FRAMES_MOTION),
            Map.entry("generator-worker", Topics.FRAMES_MOTION),
            Map.entry("assembler", Topics.FRAMES_GENERATED));

    private final DaganConfig config;

    public ReplayTargets(DaganConfig config) {
        this.config = config;
    }

    /** The topic to re-publish to (after {@code topic.*} renames), or empty when the stage takes no frames. */
    public Optional<String> inputTopic(String stage, String sourceTopic) {
        for (String topic : FRAME_TOPICS) {
            if (Topics.resolve(config, topic).equals(sourceTopic)) {
                return Optional.of(sourceTopic);
            }
        }
        String logical = stage == null ? null : BY_STAGE.get(stage.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(logical).map(t -> Topics.resolve(config, t));
    }

    /** True when a dead letter's stage name means the stage the user named ({@code depth} = {@code depth-worker}). */
    public static boolean sameStage(String recorded, String wanted) {
        if (recorded == null) {
            return false;
        }
        return normalise(recorded).equals(normalise(wanted));
    }

    private static String normalise(String stage) {
        String s = stage.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("-worker")) {
            s = s.substring(0, s.length() - "-worker".length());
        }
        return s.equals("keypoints") ? "keypoint" : s;
    }
}
