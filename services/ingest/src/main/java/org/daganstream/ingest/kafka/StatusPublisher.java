package org.daganstream.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.ingest.job.JobProcessor;
import org.daganstream.ingest.job.JobRecords;
import org.daganstream.schema.WireCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the in-between states (ACCEPTED, DECODING) on an idempotent, non-transactional producer from worker
 * threads. Each send is awaited, so it sits in the status log before the job's final state, which the consume
 * loop publishes later in a transaction. A failure is logged, not thrown: progress is informational and the final
 * state is retried by the loop.
 */
public final class StatusPublisher implements JobProcessor.Progress, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final Clock clock;

    public StatusPublisher(Producer<String, byte[]> producer, String topic, Duration timeout, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void update(JobRequest job, JobState state) {
        var status = JobRecords.status(job.getJobId(), state, 0, null, clock.instant());
        try {
            producer.send(new ProducerRecord<>(topic, job.getJobId(), WireCodecs.JOB_STATUS.encode(status)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("job {}: could not publish status {}: {}", job.getJobId(), state, e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
