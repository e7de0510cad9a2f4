package org.daganstream.gateway.submit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.ObjectRef;
import org.daganstream.gateway.api.ApiException;
import org.daganstream.gateway.view.JobSnapshot;
import org.daganstream.gateway.view.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every submission: builds the {@link JobRequest}, publishes it and waits for the broker's
 * acknowledgement (bounded), then records the job as ACCEPTED in the view so its status is visible at once.
 */
public final class JobSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(JobSubmitter.class);

    private final JobPublisher publisher;
    private final JobView view;
    private final Clock clock;
    private final Optional<String> defaultBundle;
    private final Duration timeout;

    public JobSubmitter(JobPublisher publisher, JobView view, Clock clock, Optional<String> defaultBundle,
                        Duration timeout) {
        this.publisher = publisher;
        this.view = view;
        this.clock = clock;
        this.defaultBundle = defaultBundle;
        this.timeout = timeout;
    }

    /** @param bundle the request's own model bundle id, or empty for the gateway's default (if any) */
    public Future<JobSnapshot> submit(Context context, String jobId, ObjectRef source, ObjectRef driving,
                                      JobOptions options, Optional<String> bundle) {
        Instant now = clock.instant();
        JobRequest job = JobRequest.newBuilder()
                .setJobId(jobId)
                .setSource(source)
                .setDriving(driving)
                .setOptions(options)
                .setModelBundleId(bundle.or(() -> defaultBundle).orElse(null))
                .setSubmittedAt(now)
                .build();
        return Future.fromCompletionStage(publisher.publish(job), context)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .recover(e -> Future.failedFuture(ApiException.unavailable("publishing job " + jobId + " to topic "
                        + publisher.topic() + " failed: " + rootMessage(e) + "; retry in a moment")))
                .map(metadata -> {
                    LOG.info("job {} submitted: source {}, driving {} ({}-{}@{})", jobId, source.getKey(),
                            driving.getKey(), metadata.topic(), metadata.partition(), metadata.offset());
                    return view.submitted(jobId, now);
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
