package org.daganstream.loadtest.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.daganstream.cli.ExitCode;
import org.daganstream.cli.FfmpegLogging;
import org.daganstream.loadtest.clip.Clip;
import org.daganstream.loadtest.clip.ClipFrames;
import org.daganstream.loadtest.clip.ClipMaker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dagan-load clip}: writes the synthetic inputs (and optionally their frames as PNGs) without running. */
@Command(name = "clip", sortOptions = false,
        header = "Write the synthetic source image and driving clip.",
        description = "Deterministic: the same options give the same files. --png-frames also decodes the clip into"
                + " frame_000000.png, ... (what the benchmark feeds the PyTorch reference runner).")
public final class ClipCommand implements Callable<Integer> {

    @Mixin
    ClipOptions clip;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write into.")
    Path out;

    @Option(names = "--png-frames", description = "Also decode the clip into PNG frames under DIR/frames-<spec>/.")
    boolean pngFrames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FfmpegLogging.configure(false);
        Clip made = ClipMaker.make(out, clip.spec());
        PrintWriter console = spec.commandLine().getOut();
        console.println("source image:  " + made.sourceImage());
        console.println("driving video: " + made.drivingVideo());
        if (pngFrames) {
            Path frames = out.resolve("frames-" + clip.spec().slug());
            int n = ClipFrames.decodeToPngs(made.drivingVideo(), frames, clip.spec().frames());
            console.println(n + " PNG frames: " + frames);
        }
        console.flush();
        return ExitCode.OK;
    }
}
