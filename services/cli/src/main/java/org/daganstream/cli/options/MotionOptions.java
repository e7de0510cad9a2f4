package org.daganstream.cli.options;

import java.util.LinkedHashMap;
import java.util.Map;

import org.daganstream.cli.job.MotionChoice;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How the driving motion is applied to the source, and the output layout; shared by reenact and submit. */
public final class MotionOptions {

    static final class Mode {
        @Option(names = "--relative", required = true,
                description = "Move the source keypoints by the driving motion relative to the anchor frame (default).")
        boolean relative;

        @Option(names = "--absolute", required = true,
                description = "Use the driving keypoints as they are (no relative motion).")
        boolean absolute;
    }

    static final class Scale {
        @Option(names = "--adapt-scale", required = true,
                description = "Scale the motion by the ratio of the source and anchor keypoint hull areas (default).")
        boolean adapt;

        @Option(names = "--no-adapt-scale", required = true, description = "Do not scale the motion.")
        boolean noAdapt;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Scale scale;

    @Option(names = "--anchor", paramLabel = "N", defaultValue = "0",
            description = "Driving frame whose pose is the motion origin (default: ${DEFAULT-VALUE}).")
    int anchor;

    @Option(names = "--side-by-side",
            description = "Lay the video out as source | driving | result, three panels wide.")
    boolean sideBySide;

    @Option(names = "--meta", paramLabel = "KEY=VALUE",
            description = "Metadata echoed in the job's result record (repeatable).")
    Map<String, String> meta = new LinkedHashMap<>();

    /** The choices made, defaults filled in. */
    public MotionChoice choice() {
        boolean relative = mode == null || mode.relative;
        boolean adapt = scale == null || scale.adapt;
        return new MotionChoice(relative, adapt, anchor, sideBySide, 0, meta);
    }
}
