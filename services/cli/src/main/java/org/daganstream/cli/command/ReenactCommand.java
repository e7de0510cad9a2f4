package org.daganstream.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.daganstream.avro.OutputFormat;
import org.daganstream.avro.Reenactment;
import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.FfmpegLogging;
import org.daganstream.cli.bundle.BundleCheck;
import org.daganstream.cli.job.InputFile;
import org.daganstream.cli.job.JobEnd;
import org.daganstream.cli.job.JobFollower;
import org.daganstream.cli.job.JobIds;
import org.daganstream.cli.job.JobSubmitter;
import org.daganstream.cli.job.JobView;
import org.daganstream.cli.job.JobWatcher;
import org.daganstream.cli.job.MotionChoice;
import org.daganstream.cli.job.ResultFiles;
import org.daganstream.cli.job.RunSummary;
import org.daganstream.cli.options.MotionOptions;
import org.daganstream.cli.options.ProgressOption;
import org.daganstream.cli.options.VerboseOption;
import org.daganstream.cli.pipeline.EmbeddedPipeline;
import org.daganstream.cli.pipeline.ShutdownGuard;
import org.daganstream.cli.pipeline.Stage;
import org.daganstream.cli.pipeline.WorkDir;
import org.daganstream.cli.progress.ProgressDisplay;
import org.daganstream.common.blob.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dagan reenact}: one command from a face image and a driving video to a reenacted video. Starts an
 * embedded Kafka broker and S3 server and every stage in this JVM, submits the job through the real topics and
 * bucket, shows progress, downloads the result and stops everything again.
 */
@Command(name = "reenact",
        header = "Face image + driving video -> reenacted MP4, everything in this process.",
        sortOptions = false,
        description = {"Animate a face image with the motion of a driving video, all in this process: an embedded"
                + " Kafka broker and S3 server and every pipeline stage start, the job runs through real topics and"
                + " a real bucket, and everything stops again when the video is written.",
            "Without --bundle the bundle shipped with the project (models/fixtures/tiny) is used; its weights are"
                + " random placeholders. Export the official DaGAN weights with `python3 -m dagan_models export`"
                + " (see models/README.md) and pass the folder with --bundle."})
public final class ReenactCommand implements Callable<Integer> {

    @Option(names = {"-s", "--source"}, required = true, paramLabel = "IMAGE",
            description = "Source face image (PNG, JPEG, ...).")
    Path source;

    @Option(names = {"-d", "--driving"}, required = true, paramLabel = "VIDEO",
            description = "Driving video (MP4, MOV, WebM, ...); its audio is copied into the result.")
    Path driving;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.mp4",
            description = "Where to write the reenacted video (H.264 MP4).")
    Path output;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Model bundle folder (default: the shipped tiny bundle with random weights).")
    Path bundle;

    @Mixin
    MotionOptions motion;

    @Option(names = "--frames-dir", paramLabel = "DIR",
            description = "Also write every generated frame as a PNG (000000.png, ...) into DIR.")
    Path framesDir;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep the broker's data, the objects and the services' state in DIR (kept afterwards,"
                    + " reused by the next run). Default: a temporary folder, deleted at the end.")
    Path workDir;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up when the job has not finished after this long, e.g. 30m (default: no limit).")
    Duration timeout;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of every topic of the embedded broker (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with stage settings (e.g. inference.intra.op.threads=1); the embedded"
                    + " endpoints always win.")
    Path configFile;

    @Mixin
    ProgressOption progress;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the shutdown guard only needs to exist while the pipeline runs
    public Integer call() {
        FfmpegLogging.configure(verbose.verbose());
        InputFile sourceFile = InputFile.check("source image", source);
        InputFile drivingFile = InputFile.check("driving video", driving);
        checkOutput();
        if (partitions < 1 || partitions > 64) {
            throw CliFailure.usage("--partitions must be between 1 and 64, got " + partitions);
        }
        MotionChoice choice = choice();
        BundleCheck.Checked checked = BundleCheck.open(bundle);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (checked.randomWeights()) {
            err.println(BundleCheck.randomWeightsNotice(checked));
            err.flush();
        }

        try (WorkDir work = WorkDir.of(workDir)) {
            out.println("starting embedded Kafka, S3 and " + Stage.all().size() + " stages (bundle " + checked.id()
                    + ") in " + work.path() + (work.temporary() ? " (temporary)" : ""));
            out.flush();
            AtomicReference<EmbeddedPipeline> started = new AtomicReference<>();
            // Ctrl-C / SIGTERM: stop the services and the broker, and remove the temporary folder.
            try (ShutdownGuard guard = new ShutdownGuard("dagan-reenact-stop", () -> {
                EmbeddedPipeline p = started.get();
                if (p != null) {
                    p.close();
                }
                work.delete();
            })) {
                long t0 = System.nanoTime();
                EmbeddedPipeline.Settings settings = new EmbeddedPipeline.Settings(work.path(), checked.dir(),
                        partitions, configFile, System.getenv());
                try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings, Stage.all())) {
                    started.set(pipeline);
                    long startupMillis = (System.nanoTime() - t0) / 1_000_000;
                    return run(pipeline, sourceFile, drivingFile, choice, checked, startupMillis, out);
                }
            }
        }
    }

    private int run(EmbeddedPipeline pipeline, InputFile sourceFile, InputFile drivingFile, MotionChoice choice,
                    BundleCheck.Checked checked, long startupMillis, PrintWriter out) {
        var config = pipeline.config();
        String jobId = JobIds.newId(Clock.systemUTC());
        try (BlobStore blobs = BlobStore.fromConfig(config);
             JobSubmitter submitter = JobSubmitter.create(config, blobs)) {
            long t0 = System.nanoTime();
            JobSubmitter.Submitted submitted = submitter.submit(jobId, sourceFile, drivingFile,
                    choice.toJobOptions(OutputFormat.MP4), checked.id());
            out.println("job " + jobId + ": " + choice.describe());
            out.flush();
            JobEnd end;
            JobView view;
            try (JobWatcher watcher = JobWatcher.open(config, jobId, EnumSet.allOf(JobWatcher.Feed.class),
                    submitted.submittedAt());
                 ProgressDisplay display = ProgressDisplay.create(progress.mode(), out, System::nanoTime)) {
                Optional<JobEnd> ended = JobFollower.follow(watcher, display, JobView.EndRules.ONE_SHOT, timeout);
                view = watcher.view();
                end = ended.orElseThrow(() -> CliFailure.jobFailed("job " + jobId + " did not finish within "
                        + timeout + " (" + view.framesDone() + "/" + view.frameCount() + " frames)"));
            }
            long jobMillis = (System.nanoTime() - t0) / 1_000_000;
            if (!end.succeeded()) {
                throw failure(jobId, end, view);
            }
            Reenactment result = end.result();
            if (result == null || result.getVideoKey() == null) {
                throw CliFailure.infra("job " + jobId + " succeeded but its result names no video", null);
            }
            ResultFiles files = new ResultFiles(blobs);
            files.download(result.getVideoKey(), output);
            if (framesDir != null) {
                files.writeGeneratedPngs(jobId, result.getFrameCount(), framesDir);
            }
            for (String line : RunSummary.lines(result, view, output.toString(), sizeOf(output),
                    framesDir == null ? null : framesDir.toString(), startupMillis, jobMillis)) {
                out.println(line);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** The failure for a job that did not succeed, with the dead letters that explain it. */
    static CliFailure failure(String jobId, JobEnd end, JobView view) {
        StringBuilder message = new StringBuilder("job " + jobId + " ");
        switch (end.kind()) {
            case REJECTED -> message.append("was rejected: ").append(end.reason());
            case STALLED -> message.append("stalled: ").append(end.reason());
            case UNFINISHABLE -> message.append("cannot finish: ").append(end.reason());
            default -> message.append("failed: ").append(end.reason());
        }
        List<String> details = view.deadLetters().values().stream().limit(5).map(JobFollower::describe).toList();
        details.forEach(d -> message.append(System.lineSeparator()).append("  ").append(d));
        if (view.deadLetters().size() > details.size()) {
            message.append(System.lineSeparator()).append("  ... ").append(view.deadLetters().size() - details.size())
                    .append(" more");
        }
        return end.kind() == JobEnd.Kind.REJECTED ? CliFailure.input(message.toString())
                : CliFailure.jobFailed(message.toString());
    }

    private MotionChoice choice() {
        try {
            return motion.choice();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private void checkOutput() {
        if (Files.isDirectory(output)) {
            throw CliFailure.usage("--output " + output + " is a folder; give a file name such as out.mp4");
        }
        if (framesDir != null && Files.exists(framesDir) && !Files.isDirectory(framesDir)) {
            throw CliFailure.usage("--frames-dir " + framesDir + " is a file, not a folder");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
