package org.daganstream.cli.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.daganstream.assembler.AssemblerService;
import org.daganstream.ingest.IngestService;
import org.daganstream.motion.MotionService;
import org.daganstream.worker.depth.DepthWorker;
import org.daganstream.worker.generator.GeneratorWorker;
import org.daganstream.worker.keypoint.KeypointWorker;

/**
 * The pipeline's stages as the CLI starts them, in pipeline order. Each is started through the stage module's own
 * lifecycle class ({@code start(DaganConfig)} returning an {@link AutoCloseable}), exactly as its {@code main}
 * does, so a stage behaves the same in {@code dagan reenact}, {@code dagan serve} and its own deployment.
 */
public enum Stage {
    INGEST("ingest", IngestService::start, "ingest"),
    DEPTH("depth", DepthWorker::start, "depth", "depth-worker"),
    KEYPOINT("keypoint", KeypointWorker::start, "keypoint", "keypoints", "keypoint-worker"),
    MOTION("motion", MotionService::start, "motion"),
    GENERATOR("generator", GeneratorWorker::start, "generator", "generator-worker"),
    ASSEMBLER("assembler", AssemblerService::start, "assembler");

    private final String id;
    private final StageStarter starter;
    private final List<String> names;

    Stage(String id, StageStarter starter, String... names) {
        this.id = id;
        this.starter = starter;
        this.names = List.of(names);
    }

    /** The stage's name on the command line and in {@code stage.<id>.*} config keys. */
    public String id() {
        return id;
    }

    public StageStarter starter() {
        return starter;
    }

    /** Every stage, in pipeline order. */
    public static List<Stage> all() {
        return List.of(values());
    }

    /** A stage by name ({@code depth} or {@code depth-worker}, case-insensitive). */
    public static Stage parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Stage stage : values()) {
            if (stage.names.contains(wanted)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + name + "'; choose from " + idList());
    }

    /** Parses a comma-separated list ({@code all} selects every stage); result in pipeline order, no duplicates. */
    public static List<Stage> parseList(String list) {
        Set<Stage> chosen = EnumSet.noneOf(Stage.class);
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            if (item.trim().equalsIgnoreCase("all")) {
                chosen.addAll(all());
            } else {
                chosen.add(parse(item));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no stage given; choose from " + idList() + " or all");
        }
        return new ArrayList<>(chosen);
    }

    public static String idList() {
        return Arrays.stream(values()).map(Stage::id).collect(Collectors.joining(","));
    }
}
