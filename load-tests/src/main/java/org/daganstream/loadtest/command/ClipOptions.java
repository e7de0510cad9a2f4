package org.daganstream.loadtest.command;

import org.daganstream.loadtest.clip.ClipSpec;
import picocli.CommandLine.Option;

/** The synthetic input every job gets. */
public final class ClipOptions {

    @Option(names = "--frames", paramLabel = "N", defaultValue = "25",
            description = "Driving frames per job (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "256",
            description = "Width and height of the synthetic source image and driving clip (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "25",
            description = "Frame rate of the driving clip (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--audio", description = "Give the driving clip an audio track (the result then carries it).")
    boolean audio;

    public ClipSpec spec() {
        return new ClipSpec(size, frames, fps, audio);
    }
}
