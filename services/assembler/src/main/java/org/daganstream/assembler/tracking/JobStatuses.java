package org.daganstream.assembler.tracking;

import java.util.ArrayList;
import java.util.List;

import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;

/** Builds the {@code JobStatus} records the assembler publishes. */
final class JobStatuses {

    private JobStatuses() {
    }

    static JobStatus of(JobProgress p, JobState state, String reason, int[] missing, long now) {
        List<Integer> missingList = new ArrayList<>(missing.length);
        for (int m : missing) {
            missingList.add(m);
        }
        return JobStatus.newBuilder()
                .setJobId(p.jobId())
                .setState(state)
                .setFramesDone(p.doneCount())
                .setFrameCount(p.frameCount())
                .setReason(reason)
                .setMissingFrames(missingList)
                .setUpdatedAt(java.time.Instant.ofEpochMilli(now))
                .build();
    }

    static JobStatus of(JobProgress p, JobState state, long now) {
        return of(p, state, null, new int[0], now);
    }

    /** A user-actionable explanation of why a job stopped progressing. */
    static String stallReason(JobProgress p, boolean haveManifest, int[] listed, long idleMillis) {
        String idle = humanDuration(idleMillis);
        if (p.allFramesDone() && !haveManifest) {
            return "all " + p.frameCount() + " frames were generated " + idle + " ago but the job manifest never arrived"
                    + " on the manifests topic; check the ingest service";
        }
        StringBuilder reason = new StringBuilder()
                .append("no new frame for ").append(idle).append("; ")
                .append(p.missingCount()).append(" of ").append(p.frameCount()).append(" frames missing");
        if (listed.length > 0) {
            reason.append(" (").append(indexes(listed));
            if (listed.length < p.missingCount()) {
                reason.append(", and ").append(p.missingCount() - listed.length).append(" more");
            }
            reason.append(")");
        }
        reason.append("; failed frames are in the dead-letter topic: replay them to finish the job");
        return reason.toString();
    }

    private static String indexes(int[] listed) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(listed.length, 20);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(listed[i]);
        }
        if (shown < listed.length) {
            sb.append(", ...");
        }
        return "frames " + sb;
    }

    static String humanDuration(long millis) {
        long seconds = Math.max(0, millis / 1000);
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        return minutes < 120 ? minutes + "m" : (minutes / 60) + "h" + (minutes % 60) + "m";
    }
}
