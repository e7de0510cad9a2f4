package org.daganstream.worker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.daganstream.common.kafka.KafkaErrors;
import org.daganstream.common.retry.Backoff;
import org.daganstream.common.retry.Retry;

/**
 * Publishes records and waits for the broker's acknowledgement, which is what allows the consumed offset to be
 * committed. A batch's records are sent together (the producer batches them) and then awaited; a send that fails
 * with a transient error is retried with backoff through {@link Retry}. Thread-safe (the producer is).
 */
public final class Publisher {

    /** Outcome of one record: null on success, else the failure. */
    public record Outcome(ProducerRecord<String, byte[]> record, Throwable failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private final Producer<String, byte[]> producer;
    private final Retry retry;

    public Publisher(Producer<String, byte[]> producer, int attempts, Backoff backoff) {
        this.producer = producer;
        this.retry = Retry.builder("kafka").maxAttempts(Math.max(1, attempts)).backoff(backoff)
                .retryOn(KafkaErrors::isTransient).build();
    }

    /** Sends every record, then waits for each acknowledgement, retrying transient failures one by one. */
    public List<Outcome> publishAll(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        List<Throwable> sendFailures = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                sent.add(producer.send(record));
                sendFailures.add(null);
            } catch (RuntimeException e) {
                sent.add(null);
                sendFailures.add(e);
            }
        }
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> record = records.get(i);
            Throwable failure = sendFailures.get(i);
            if (failure == null) {
                failure = await(sent.get(i));
            }
            if (failure != null && KafkaErrors.isTransient(failure)) {
                failure = resend(record);
            }
            outcomes.add(new Outcome(record, failure));
        }
        return outcomes;
    }

    /** Publishes one record, retrying transient failures; throws the final failure. */
    public void publish(ProducerRecord<String, byte[]> record) {
        retry.call("publish to " + record.topic() + " key " + record.key(), () -> producer.send(record).get());
    }

    private Throwable resend(ProducerRecord<String, byte[]> record) {
        try {
            publish(record);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Throwable await(Future<RecordMetadata> future) {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
