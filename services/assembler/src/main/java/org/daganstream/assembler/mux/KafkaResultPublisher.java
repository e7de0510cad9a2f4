package org.daganstream.assembler.mux;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.Reenactment;
import org.daganstream.schema.WireCodecs;

/**
 * Publishes results to the results topic, keyed by job id, with an idempotent producer (acks=all), waiting for the
 * acknowledgement: only then may the job's state be dropped.
 */
public final class KafkaResultPublisher implements ResultPublisher, AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaResultPublisher(Producer<String, byte[]> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public void publish(Reenactment result) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, result.getJobId(),
                WireCodecs.REENACTMENT.encode(result));
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result of job " + result.getJobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("publishing the result of job " + result.getJobId() + " to " + topic
                    + " failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
