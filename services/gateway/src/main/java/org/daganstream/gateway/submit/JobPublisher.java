package org.daganstream.gateway.submit;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.daganstream.avro.JobRequest;
import org.daganstream.schema.WireCodecs;

/** Publishes {@link JobRequest}s to the jobs topic, keyed by job id; completes when the broker acknowledged. */
public final class JobPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;

    public JobPublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public CompletableFuture<RecordMetadata> publish(JobRequest job) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, job.getJobId(), WireCodecs.JOB_REQUEST.encode(job)),
                    (metadata, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(metadata);
                        }
                    });
        } catch (RuntimeException e) {
            // send() throws directly when the producer is closed or the record cannot be serialized.
            done.completeExceptionally(e);
        }
        return done;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
