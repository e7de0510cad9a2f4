package org.daganstream.gateway.view;

import java.time.Instant;
import java.util.Objects;

import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;

/**
 * What the gateway knows about one job at one moment: the latest {@link JobStatus}, the {@link Reenactment} if the
 * job finished, and when this gateway accepted it (if it did). Immutable; each change makes a new snapshot with a
 * higher {@code version}, so listeners can drop updates they have already seen.
 *
 * <p>The status and the result travel on different topics, so either may arrive first. The result decides the final
 * state; a status newer than the result that is not final means the job runs again, so the old result is dropped.
 */
public record JobSnapshot(String jobId, long version, JobStatus status, Reenactment result, Instant submittedAt) {

    public JobSnapshot {
        Objects.requireNonNull(jobId, "jobId");
    }

    public static JobSnapshot empty(String jobId, long version) {
        return new JobSnapshot(jobId, version, null, null, null);
    }

    public JobSnapshot withStatus(JobStatus newStatus, long newVersion) {
        Reenactment kept = result;
        if (kept != null && !isFinal(newStatus.getState())
                && newStatus.getUpdatedAt().isAfter(kept.getFinishedAt())) {
            kept = null;
        }
        return new JobSnapshot(jobId, newVersion, newStatus, kept, submittedAt);
    }

    public JobSnapshot withResult(Reenactment newResult, long newVersion) {
        return new JobSnapshot(jobId, newVersion, status, newResult, submittedAt);
    }

    /** The state to show: the result's outcome once there is one, else the latest status, else ACCEPTED. */
    public JobState state() {
        if (result != null) {
            return result.getOutcome() == ReenactmentOutcome.SUCCEEDED ? JobState.SUCCEEDED : JobState.FAILED;
        }
        return status != null ? status.getState() : JobState.ACCEPTED;
    }

    /** True once nothing more will happen: the result is known, or the job failed before producing one. */
    public boolean finished() {
        return result != null || state() == JobState.FAILED;
    }

    public boolean succeeded() {
        return result != null && result.getOutcome() == ReenactmentOutcome.SUCCEEDED;
    }

    public int frameCount() {
        int fromStatus = status == null ? 0 : status.getFrameCount();
        return fromStatus > 0 ? fromStatus : (result == null ? 0 : result.getFrameCount());
    }

    public int framesDone() {
        int done = status == null ? 0 : status.getFramesDone();
        return succeeded() ? Math.max(done, frameCount()) : done;
    }

    /** Fraction of frames generated, 0..1 (1 for a successful job even when the frame count is unknown). */
    public double progress() {
        if (succeeded()) {
            return 1.0;
        }
        int total = frameCount();
        return total <= 0 ? 0.0 : Math.min(1.0, (double) framesDone() / total);
    }

    /** Why the job failed or stalled, from the result or the status; null when there is nothing to explain. */
    public String reason() {
        if (result != null && result.getError() != null) {
            return result.getError();
        }
        return status == null ? null : status.getReason();
    }

    /** The latest moment anything about this job happened, or null if nothing is known. */
    public Instant updatedAt() {
        Instant latest = submittedAt;
        if (status != null) {
            latest = later(latest, status.getUpdatedAt());
        }
        if (result != null) {
            latest = later(latest, result.getFinishedAt());
        }
        return latest;
    }

    /** The blob key of the result video, when the job succeeded with MP4 output. */
    public String videoKey() {
        return succeeded() ? result.getVideoKey() : null;
    }

    static boolean isFinal(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.FAILED;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
