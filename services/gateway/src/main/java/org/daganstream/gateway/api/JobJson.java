package org.daganstream.gateway.api;

import java.time.Instant;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.daganstream.avro.Reenactment;
import org.daganstream.gateway.view.JobSnapshot;

/** The JSON form of a job, used by the status, list and event endpoints alike. */
public final class JobJson {

    private final JobLinks links;

    public JobJson(JobLinks links) {
        this.links = links;
    }

    public JsonObject of(JobSnapshot job) {
        JsonObject json = new JsonObject()
                .put("jobId", job.jobId())
                .put("state", job.state().name())
                .put("finished", job.finished())
                .put("framesDone", job.framesDone())
                .put("frameCount", job.frameCount())
                .put("progress", Math.round(job.progress() * 10_000) / 10_000.0)
                .put("reason", job.reason())
                .put("missingFrames", new JsonArray(job.status() == null ? java.util.List.of()
                        : java.util.List.copyOf(job.status().getMissingFrames())))
                .put("submittedAt", text(job.submittedAt()))
                .put("updatedAt", text(job.updatedAt()))
                .put("statusUrl", links.status(job.jobId()))
                .put("eventsUrl", links.events(job.jobId()))
                .put("resultUrl", links.result(job.jobId()));
        if (job.result() != null) {
            json.put("result", result(job.result()));
        }
        return json;
    }

    private static JsonObject result(Reenactment r) {
        JsonObject timings = new JsonObject();
        r.getStageTimings().forEach(timings::put);
        JsonObject metadata = new JsonObject();
        r.getCallbackMetadata().forEach(metadata::put);
        return new JsonObject()
                .put("outcome", r.getOutcome().name())
                .put("videoKey", r.getVideoKey())
                .put("framesPrefix", r.getFramesPrefix())
                .put("frameCount", r.getFrameCount())
                .put("fps", r.getFps())
                .put("hasAudio", r.getHasAudio())
                .put("error", r.getError())
                .put("callbackMetadata", metadata)
                .put("stageTimingsMs", timings)
                .put("finishedAt", text(r.getFinishedAt()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
