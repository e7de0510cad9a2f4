package org.daganstream.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.JobState;
import org.daganstream.common.kafka.DeadLetters;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.ingest.IngestSettings;
import org.daganstream.ingest.job.JobOutcome;
import org.daganstream.ingest.job.JobRecords;
import org.daganstream.schema.WireCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a job's final records and its {@code dagan.jobs} offset in one Kafka transaction, so downstream
 * (read_committed) sees all of a job's descriptors or none, and a job is redone exactly when its records were
 * not published. Used only from the consume loop's thread.
 *
 * <ul>
 *   <li>ingested: {@code JobManifest}, the SOURCE descriptor, one DRIVING descriptor per frame, status PROCESSING;</li>
 *   <li>rejected: status FAILED with the reason and a FAILED {@code Reenactment};</li>
 *   <li>a record that is not a job: the same FAILED pair when its key is a job id, and a {@code DeadLetterFrame}
 *       with the original bytes.</li>
 * </ul>
 */
public final class OutcomePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomePublisher.class);

    private final Supplier<Producer<String, byte[]>> factory;
    private final IngestSettings topics;
    private final Clock clock;
    private Producer<String, byte[]> producer;

    /** @param factory makes a producer with a {@code transactional.id}; called again after a fatal error */
    public OutcomePublisher(Supplier<Producer<String, byte[]>> factory, IngestSettings topics, Clock clock) {
        this.factory = factory;
        this.topics = topics;
        this.clock = clock;
    }

    public void publishIngested(JobOutcome.Ingested job, Map<TopicPartition, OffsetAndMetadata> offsets,
                                ConsumerGroupMetadata group) {
        inTransaction(offsets, group, p -> {
            Instant now = clock.instant();
            String jobId = job.jobId();
            int frames = job.video().frameCount();
            p.send(new ProducerRecord<>(topics.manifestsTopic(), jobId,
                    WireCodecs.JOB_MANIFEST.encode(JobRecords.manifest(job, now))));
            p.send(new ProducerRecord<>(topics.decodedTopic(), FrameKeys.source(jobId),
                    WireCodecs.FRAME_DESCRIPTOR.encode(JobRecords.sourceDescriptor(job, now))));
            for (int i = 0; i < frames; i++) {
                p.send(new ProducerRecord<>(topics.decodedTopic(), FrameKeys.frame(jobId, i),
                        WireCodecs.FRAME_DESCRIPTOR.encode(JobRecords.drivingDescriptor(job, i, now))));
            }
            p.send(new ProducerRecord<>(topics.statusTopic(), jobId, WireCodecs.JOB_STATUS.encode(
                    JobRecords.status(jobId, JobState.PROCESSING, frames, null, now))));
        });
    }

    /** @param deadLetter also published when not null (a record that did not decode as a job) */
    public void publishRejected(JobOutcome.Rejected job, DeadLetterFrame deadLetter,
                                Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        inTransaction(offsets, group, p -> {
            Instant now = clock.instant();
            if (job.jobId() != null && !job.jobId().isEmpty()) {
                p.send(new ProducerRecord<>(topics.statusTopic(), job.jobId(), WireCodecs.JOB_STATUS.encode(
                        JobRecords.status(job.jobId(), JobState.FAILED, 0, job.reason(), now))));
                p.send(new ProducerRecord<>(topics.reenactmentsTopic(), job.jobId(),
                        WireCodecs.REENACTMENT.encode(JobRecords.failed(job, now))));
            }
            if (deadLetter != null) {
                p.send(DeadLetters.toRecord(topics.dlqTopic(), deadLetter));
            }
        });
    }

    /** Commits offsets alone (tombstones on the jobs topic carry no job). */
    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        inTransaction(offsets, group, p -> { });
    }

    private void inTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                               java.util.function.Consumer<Producer<String, byte[]>> body) {
        Producer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            body.accept(p);
            p.sendOffsetsToTransaction(offsets, group);
            p.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | InvalidProducerEpochException
                 | AuthorizationException | UnsupportedVersionException e) {
            // Fatal for this producer instance: drop it; the next attempt starts a fresh one.
            LOG.warn("transactional producer failed fatally ({}); it will be recreated", e.toString());
            closeProducer();
            throw e;
        } catch (KafkaException e) {
            try {
                p.abortTransaction();
            } catch (KafkaException abortFailure) {
                LOG.warn("aborting the transaction failed too ({}); recreating the producer", abortFailure.toString());
                closeProducer();
            }
            throw e;
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Producer<String, byte[]> p = factory.get();
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing producer: {}", e.toString());
            }
            producer = null;
        }
    }

    @Override
    public void close() {
        closeProducer();
    }
}
