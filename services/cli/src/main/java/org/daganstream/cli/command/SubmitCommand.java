package org.daganstream.cli.command;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

import org.daganstream.avro.OutputFormat;
import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.job.InputFile;
import org.daganstream.cli.job.JobIds;
import org.daganstream.cli.job.JobSubmitter;
import org.daganstream.cli.job.MotionChoice;
import org.daganstream.cli.options.ConfigOption;
import org.daganstream.cli.options.MotionOptions;
import org.daganstream.cli.options.VerboseOption;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dagan submit}: uploads the inputs to a deployment's bucket, publishes the job, prints its id. */
@Command(name = "submit",
        header = "Upload inputs and publish a job to a deployment; prints the job id.",
        sortOptions = false,
        description = {"Upload a source image and a driving video to the deployment's bucket (uploads/JOB/...) and"
                + " publish the job to dagan.jobs. Prints the job id on stdout, so scripts can do:",
            "  JOB=$(dagan submit -s face.png -d drive.mp4) && dagan watch $JOB && dagan fetch $JOB -o out.mp4"})
public final class SubmitCommand implements Callable<Integer> {

    @Option(names = {"-s", "--source"}, required = true, paramLabel = "IMAGE", description = "Source face image.")
    Path source;

    @Option(names = {"-d", "--driving"}, required = true, paramLabel = "VIDEO", description = "Driving video.")
    Path driving;

    @Option(names = "--job-id", paramLabel = "ID",
            description = "Job id to use (A-Z a-z 0-9 . _ -); default: a new one like job-20250101-120000-1a2b3c.")
    String jobId;

    @Option(names = "--bundle-id", paramLabel = "ID",
            description = "Model bundle the job must run with (default: the deployment's).")
    String bundleId;

    @Option(names = "--png-frames", description = "Produce PNG frames (results/JOB/frames/) instead of an MP4.")
    boolean pngFrames;

    @Option(names = "--priority", paramLabel = "N", defaultValue = "0", description = "Job priority (default 0).")
    int priority;

    @Mixin
    MotionOptions motion;

    @Mixin
    ConfigOption config;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InputFile sourceFile = InputFile.check("source image", source);
        InputFile drivingFile = InputFile.check("driving video", driving);
        String id = jobId == null ? JobIds.newId(Clock.systemUTC()) : JobIds.requireValid(jobId);
        MotionChoice choice;
        try {
            MotionChoice m = motion.choice();
            choice = new MotionChoice(m.relative(), m.adaptScale(), m.anchorFrame(), m.sideBySide(), priority,
                    m.callbackMetadata());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        DaganConfig cfg = config.load(Map.of());
        try (BlobStore blobs = BlobStore.fromConfig(cfg);
             JobSubmitter submitter = JobSubmitter.create(cfg, blobs)) {
            JobSubmitter.Submitted submitted = submitter.submit(id, sourceFile, drivingFile,
                    choice.toJobOptions(pngFrames ? OutputFormat.PNG_FRAMES : OutputFormat.MP4), bundleId);
            var err = spec.commandLine().getErr();
            err.println("submitted job " + id + " (" + choice.describe() + "): source s3://"
                    + submitted.source().getBucket() + "/" + submitted.source().getKey() + ", driving s3://"
                    + submitted.driving().getBucket() + "/" + submitted.driving().getKey());
            err.println("follow it with: dagan watch " + id);
            err.flush();
            var out = spec.commandLine().getOut();
            out.println(id);
            out.flush();
            return ExitCode.OK;
        }
    }
}
