package org.daganstream.ingest.job;

import java.time.Duration;

import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobRequest;
import org.daganstream.ingest.media.DrivingVideoDecoder.VideoInfo;

/** How processing one job ended; the consume loop publishes it together with the job's offset. */
public sealed interface JobOutcome {

    String jobId();

    /** Wall-clock time ingest spent on the job. */
    Duration took();

    /**
     * Every frame and the source are in the blob store; descriptors, manifest and status are still to be published.
     *
     * @param modelBundleId the request's bundle or the deployment default
     * @param sourceSize    the source image as uploaded
     * @param video         what decoding found (frame count, fps, size, audio)
     */
    record Ingested(JobRequest request, String modelBundleId, ImageSize sourceSize, VideoInfo video, Duration took)
            implements JobOutcome {
        @Override
        public String jobId() {
            return request.getJobId();
        }
    }

    /**
     * The job cannot be done; its blobs are already removed.
     *
     * @param request  the request, or null when the record did not decode
     * @param category short reason category for metrics
     * @param reason   what the submitter should know and do
     */
    record Rejected(String jobId, JobRequest request, String category, String reason, Duration took)
            implements JobOutcome {
    }
}
