package org.daganstream.cli.job;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.JobState;
import org.daganstream.cli.progress.ProgressDisplay;

/** Drives a {@link ProgressDisplay} from a {@link JobWatcher} and prints notes for dead letters and stalls. */
public final class JobFollower {

    private JobFollower() {
    }

    /** Follows the job until it ends under {@code rules} or {@code timeout} (null = none) passes. */
    public static Optional<JobEnd> follow(JobWatcher watcher, ProgressDisplay display, JobView.EndRules rules,
                                          Duration timeout) {
        Set<String> noted = new HashSet<>();
        JobState[] lastState = {null};
        return watcher.await(rules, timeout, () -> {
            JobView view = watcher.view();
            for (DeadLetterFrame d : view.deadLetters().values()) {
                if (noted.add(d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset())) {
                    display.note(describe(d));
                }
            }
            JobState state = view.state();
            if (state == JobState.STALLED && lastState[0] != JobState.STALLED) {
                display.note("job " + view.jobId() + " STALLED: " + view.status().map(s -> s.getReason()).orElse(""));
            }
            lastState[0] = state;
            display.update(view);
        });
    }

    /** {@code frame 3 failed in stage depth after 3 attempts: BlobNotFoundException: ...}. */
    public static String describe(DeadLetterFrame d) {
        int index = JobView.frameIndexOf(d);
        String what = index >= 0 ? "frame " + index : index == -1 ? "the source image" : "record " + d.getRecordKey();
        String type = d.getErrorClass() == null ? "error"
                : d.getErrorClass().substring(d.getErrorClass().lastIndexOf('.') + 1);
        return what + " failed in stage " + d.getStage() + " after " + d.getAttempts() + " attempt"
                + (d.getAttempts() == 1 ? "" : "s") + ": " + type
                + (d.getErrorMessage() == null ? "" : ": " + d.getErrorMessage());
    }
}
