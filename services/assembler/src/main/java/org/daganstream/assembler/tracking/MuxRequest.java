package org.daganstream.assembler.tracking;

import java.util.Map;
import java.util.Objects;

import org.daganstream.avro.JobManifest;

/**
 * A complete job handed from the tracker to the muxer: its manifest (frame count, fps, audio, output options) and
 * what the tracker measured on the way (per-stage time, when the job's first frame entered the pipeline and when its
 * last frame arrived).
 */
public record MuxRequest(JobManifest manifest, Map<String, Long> stageTimings, long firstTimestamp, long completedAt) {

    public MuxRequest {
        Objects.requireNonNull(manifest, "manifest");
        stageTimings = Map.copyOf(stageTimings);
    }

    public String jobId() {
        return manifest.getJobId();
    }

    public int frameCount() {
        return manifest.getFrameCount();
    }
}
