package org.daganstream.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.FfmpegLogging;
import org.daganstream.cli.examples.ExampleMedia;
import org.daganstream.cli.options.VerboseOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dagan examples}: (re)makes the example source image and driving video. */
@Command(name = "examples",
        header = "Write the example face image and driving video.",
        description = {"Write the example inputs: a cartoon face (face.png) and a short driving"
        + " video of another face that turns, blinks and talks, with a tone as AAC audio (driving.mp4).",
    "They are generated, not downloaded; the same options give the same pictures."})
public final class ExamplesCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "examples",
            description = "Folder to write into (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "50",
            description = "Driving video length in frames (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "25",
            description = "Driving video frame rate (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "320",
            description = "Width and height of both files, even (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--no-audio", description = "Leave the audio track out.")
    boolean noAudio;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FfmpegLogging.configure(verbose.verbose());
        ExampleMedia.Spec media;
        try {
            media = new ExampleMedia.Spec(size, frames, fps, !noAudio);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        try {
            ExampleMedia.writeAll(out, media);
        } catch (IOException e) {
            throw CliFailure.input("could not write the examples to " + out + ": " + e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        for (String name : new String[] {ExampleMedia.SOURCE_NAME, ExampleMedia.DRIVING_NAME}) {
            Path file = out.resolve(name);
            w.printf("wrote %s (%d bytes)%n", file, sizeOf(file));
        }
        w.flush();
        return ExitCode.OK;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
