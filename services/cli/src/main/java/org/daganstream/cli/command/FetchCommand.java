package org.daganstream.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Callable;

import org.daganstream.avro.JobState;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.job.JobIds;
import org.daganstream.cli.job.JobView;
import org.daganstream.cli.job.JobWatcher;
import org.daganstream.cli.job.ResultFiles;
import org.daganstream.cli.options.ConfigOption;
import org.daganstream.cli.options.VerboseOption;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dagan fetch JOB -o FILE}: downloads a finished job's result. */
@Command(name = "fetch",
        header = "Download a finished job's video (or frames).",
        sortOptions = false,
        description = {"Download a finished job's result: reads its Reenactment record from dagan.reenactments"
                + " (or, when the record is gone, the result object results/JOB/video.mp4) and downloads the video.",
            "For jobs submitted with --png-frames, -o names a folder that receives the PNG frames."})
public final class FetchCommand implements Callable<Integer> {

    /** The assembler's name for the video under {@code results/{jobId}/}. */
    static final String VIDEO_NAME = "video.mp4";

    @Parameters(paramLabel = "JOB", description = "Job id.")
    String jobId;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Where to write the video (or the folder for PNG frames).")
    Path output;

    @Option(names = "--frames-dir", paramLabel = "DIR",
            description = "Also write every generated frame as a PNG into DIR (while the job's blobs exist).")
    Path framesDir;

    @Mixin
    ConfigOption config;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobIds.requireValid(jobId);
        DaganConfig cfg = config.load(Map.of());
        JobView view;
        try (JobWatcher watcher = JobWatcher.open(cfg, jobId,
                EnumSet.of(JobWatcher.Feed.STATUS, JobWatcher.Feed.RESULTS), null)) {
            watcher.catchUp();
            view = watcher.view();
        }
        PrintWriter out = spec.commandLine().getOut();
        try (BlobStore blobs = BlobStore.fromConfig(cfg)) {
            ResultFiles files = new ResultFiles(blobs);
            Reenactment result = view.result().orElse(null);
            if (result == null) {
                return withoutRecord(view, blobs, files, out);
            }
            if (result.getOutcome() != ReenactmentOutcome.SUCCEEDED) {
                throw CliFailure.jobFailed("job " + jobId + " failed: " + result.getError());
            }
            if (result.getVideoKey() != null) {
                files.download(result.getVideoKey(), output);
                out.println("wrote " + output + " (" + result.getFrameCount() + " frames, " + result.getFps() + " fps"
                        + (result.getHasAudio() ? ", with audio" : "") + ")");
            } else if (result.getFramesPrefix() != null) {
                int n = files.downloadAll(result.getFramesPrefix(), output);
                out.println("wrote " + n + " PNG frames to " + output);
            } else {
                throw CliFailure.infra("the result record of job " + jobId + " names neither a video nor frames", null);
            }
            if (framesDir != null) {
                files.writeGeneratedPngs(jobId, result.getFrameCount(), framesDir);
                out.println("wrote " + result.getFrameCount() + " PNG frames to " + framesDir);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** No Reenactment record (expired from the topic, or the job is not done): explain, or use the result key. */
    private int withoutRecord(JobView view, BlobStore blobs, ResultFiles files, PrintWriter out) {
        String key = BlobKeys.result(jobId, VIDEO_NAME);
        var state = view.state();
        boolean unfinished = state != null && switch (state) {
            case SUCCEEDED, FAILED -> false;
            default -> true;
        };
        if (!unfinished && blobs.exists(key)) {
            files.download(key, output);
            out.println("wrote " + output + " (from s3://" + blobs.bucket() + "/" + key + ")");
            out.flush();
            return ExitCode.OK;
        }
        if (state == null) {
            throw CliFailure.input("no job " + jobId + " found: no status or result on the topics and no "
                    + key + " in bucket " + blobs.bucket());
        }
        if (state == JobState.FAILED) {
            throw CliFailure.jobFailed("job " + jobId + " failed: "
                    + view.status().map(s -> s.getReason()).orElse("?"));
        }
        throw CliFailure.jobFailed("job " + jobId + " has not finished (" + state + ", " + view.framesDone() + "/"
                + view.frameCount() + " frames); wait for it with: dagan watch " + jobId);
    }
}
