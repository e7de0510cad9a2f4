package org.daganstream.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.daganstream.avro.Reenactment;
import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.job.JobEnd;
import org.daganstream.cli.job.JobFollower;
import org.daganstream.cli.job.JobIds;
import org.daganstream.cli.job.JobView;
import org.daganstream.cli.job.JobWatcher;
import org.daganstream.cli.options.ConfigOption;
import org.daganstream.cli.options.ProgressOption;
import org.daganstream.cli.options.VerboseOption;
import org.daganstream.cli.progress.ProgressDisplay;
import org.daganstream.common.config.DaganConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dagan watch JOB}: live progress of a job from {@code dagan.jobs.status} until it ends. */
@Command(name = "watch",
        header = "Follow a job's progress until it ends.",
        sortOptions = false,
        description = {"Show a job's progress live (from dagan.jobs.status, with dead-lettered frames from"
                + " dagan.frames.dlq) until it SUCCEEDED or FAILED.",
            "A STALLED job is reported and watched further (a `dagan replay` can still complete it) unless"
                + " --fail-on-stall is given."})
public final class WatchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JOB", description = "Job id (as printed by `dagan submit`).")
    String jobId;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Stop watching after this long (e.g. 10m) with exit code 1 (default: no limit).")
    Duration timeout;

    @Option(names = "--fail-on-stall", description = "End with exit code 1 as soon as the job is STALLED.")
    boolean failOnStall;

    @Mixin
    ProgressOption progress;

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
        PrintWriter out = spec.commandLine().getOut();
        JobView.EndRules rules = new JobView.EndRules(failOnStall, false);
        Optional<JobEnd> ended;
        JobView view;
        try (JobWatcher watcher = JobWatcher.open(cfg, jobId,
                EnumSet.of(JobWatcher.Feed.STATUS, JobWatcher.Feed.RESULTS, JobWatcher.Feed.DEAD_LETTERS), null);
             ProgressDisplay display = ProgressDisplay.create(progress.mode(), out, System::nanoTime)) {
            ended = JobFollower.follow(watcher, display, rules, timeout);
            view = watcher.view();
        }
        JobEnd end = ended.orElseThrow(() -> CliFailure.jobFailed("job " + jobId + " did not end within " + timeout
                + (view.state() == null ? "; no status was published for it (is the id right, is ingest running?)"
                : " (" + view.state() + ", " + view.framesDone() + "/" + view.frameCount() + " frames)")));
        if (!end.succeeded()) {
            throw ReenactCommand.failure(jobId, end, view);
        }
        out.println(successLine(jobId, end.result()));
        out.flush();
        return ExitCode.OK;
    }

    static String successLine(String jobId, Reenactment result) {
        if (result == null) {
            return "job " + jobId + " SUCCEEDED; fetch it with: dagan fetch " + jobId + " -o out.mp4";
        }
        String where = result.getVideoKey() != null ? result.getVideoKey() : result.getFramesPrefix();
        return "job " + jobId + " SUCCEEDED: " + where + " (" + result.getFrameCount() + " frames"
                + (result.getHasAudio() ? ", with audio" : "") + "); fetch it with: dagan fetch " + jobId + " -o "
                + (result.getVideoKey() != null ? "out.mp4" : "frames/");
    }
}
