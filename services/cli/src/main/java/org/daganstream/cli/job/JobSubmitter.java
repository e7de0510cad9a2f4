package org.daganstream.cli.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.ObjectRef;
import org.daganstream.cli.CliFailure;
import org.daganstream.cli.Failures;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.schema.WireCodecs;

/**
 * Submits a job the way any producer would: uploads the two input files to {@code uploads/{jobId}/} in the
 * configured bucket, then publishes the {@link JobRequest} to {@code dagan.jobs} keyed by job id and waits for the
 * broker's acknowledgement.
 */
public final class JobSubmitter implements AutoCloseable {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    /** What was submitted. */
    public record Submitted(String jobId, ObjectRef source, ObjectRef driving, Instant submittedAt) {
    }

    private final BlobStore blobs;
    private final KafkaProducer<String, byte[]> producer;
    private final String jobsTopic;
    private final Clock clock;

    public JobSubmitter(BlobStore blobs, KafkaProducer<String, byte[]> producer, String jobsTopic, Clock clock) {
        this.blobs = blobs;
        this.producer = producer;
        this.jobsTopic = jobsTopic;
        this.clock = clock;
    }

    /** A submitter with its own producer, from {@code kafka.*}; the blob store stays the caller's. */
    public static JobSubmitter create(DaganConfig config, BlobStore blobs) {
        return new JobSubmitter(blobs, KafkaClients.producer(config, "dagan-cli-submit"),
                Topics.resolve(config, Topics.JOBS), Clock.systemUTC());
    }

    /**
     * @param bundleId model bundle the job must run with, or null for the deployment's
     * @throws CliFailure exit 4 when the upload or the publish fails
     */
    public Submitted submit(String jobId, InputFile source, InputFile driving, JobOptions options, String bundleId) {
        ObjectRef sourceRef = upload(jobId, source, "source");
        ObjectRef drivingRef = upload(jobId, driving, "driving");
        Instant now = clock.instant();
        JobRequest request = JobRequest.newBuilder()
                .setJobId(jobId)
                .setSource(sourceRef)
                .setDriving(drivingRef)
                .setOptions(options)
                .setModelBundleId(bundleId)
                .setSubmittedAt(now)
                .build();
        try {
            producer.send(new ProducerRecord<>(jobsTopic, jobId, WireCodecs.JOB_REQUEST.encode(request)))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.infra("interrupted while publishing job " + jobId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw CliFailure.infra("could not publish job " + jobId + " to " + jobsTopic + ": "
                    + Failures.message(e instanceof ExecutionException ? e.getCause() : e), e);
        }
        return new Submitted(jobId, sourceRef, drivingRef, now);
    }

    private ObjectRef upload(String jobId, InputFile file, String base) {
        String key = BlobKeys.upload(jobId, file.uploadName(base));
        try {
            blobs.put(key, file.path());
        } catch (RuntimeException e) {
            throw CliFailure.infra("could not upload " + file.role() + " " + file.path() + " to s3://" + blobs.bucket()
                    + "/" + key + ": " + Failures.message(e), e);
        }
        return ObjectRef.newBuilder().setBucket(blobs.bucket()).setKey(key).build();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
