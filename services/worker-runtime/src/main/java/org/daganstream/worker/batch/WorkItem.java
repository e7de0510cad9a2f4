package org.daganstream.worker.batch;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.kafka.Decoded;
import org.daganstream.common.kafka.RecordDecoder;
import org.daganstream.worker.consume.PartitionLease;

/**
 * One consumed record on its way through the stage: the record, the lease it was consumed under, its decoded
 * descriptor (or the decoding failure) and where it is in its life. State changes are atomic, so a rebalance
 * dropping a queued frame and an inference thread starting it cannot both win.
 *
 * <pre>
 * QUEUED --start--> RUNNING --finish--> DONE
 *   ^                  |
 *   +--requeue-- RETRY_WAIT        QUEUED / RETRY_WAIT --drop--> DROPPED (not committed; redelivered later)
 * </pre>
 */
public final class WorkItem {

    public enum State { QUEUED, RUNNING, RETRY_WAIT, DONE, DROPPED }

    private final ConsumerRecord<String, byte[]> record;
    private final PartitionLease lease;
    private final Decoded<FrameDescriptor> decoded;
    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    private volatile long enqueuedNanos;
    private volatile int attempts;
    private volatile Throwable deadLetterCause;
    private volatile int deadLetterAttempts;

    public WorkItem(ConsumerRecord<String, byte[]> record, PartitionLease lease, Decoded<FrameDescriptor> decoded,
                    long enqueuedNanos) {
        this.record = record;
        this.lease = lease;
        this.decoded = decoded;
        this.enqueuedNanos = enqueuedNanos;
    }

    public ConsumerRecord<String, byte[]> record() {
        return record;
    }

    public PartitionLease lease() {
        return lease;
    }

    public TopicPartition partition() {
        return lease.partition();
    }

    public long offset() {
        return record.offset();
    }

    public Decoded<FrameDescriptor> decoded() {
        return decoded;
    }

    /** The descriptor, or null when the record did not decode. */
    public FrameDescriptor descriptor() {
        return decoded instanceof Decoded.Ok<FrameDescriptor> ok ? ok.value() : null;
    }

    /** {@code topic-partition@offset key=...} for messages. */
    public String position() {
        return RecordDecoder.position(record);
    }

    public State state() {
        return state.get();
    }

    /** When the item (re-)entered the queue, {@link System#nanoTime()} based. */
    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    /** Processing attempts started so far. */
    public int attempts() {
        return attempts;
    }

    /** Set when the stage gave up on the frame and only the dead-letter publication is outstanding. */
    public Throwable deadLetterCause() {
        return deadLetterCause;
    }

    /** Attempts made when the stage gave up (later starts only retry the dead-letter publication). */
    public int deadLetterAttempts() {
        return deadLetterAttempts;
    }

    /** Records that the stage gave up after the attempts made so far. */
    public void deadLetterPending(Throwable cause) {
        this.deadLetterAttempts = attempts;
        this.deadLetterCause = cause;
    }

    /** QUEUED -&gt; RUNNING; counts an attempt. False when the item was dropped meanwhile. */
    public boolean start() {
        if (state.compareAndSet(State.QUEUED, State.RUNNING)) {
            attempts++;
            return true;
        }
        return false;
    }

    /** RUNNING -&gt; RETRY_WAIT. */
    public boolean awaitRetry() {
        return state.compareAndSet(State.RUNNING, State.RETRY_WAIT);
    }

    /** RETRY_WAIT -&gt; QUEUED, stamping the new queue entry time. */
    public boolean requeue(long nowNanos) {
        if (state.compareAndSet(State.RETRY_WAIT, State.QUEUED)) {
            enqueuedNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** RUNNING -&gt; DONE. */
    public boolean finish() {
        return state.compareAndSet(State.RUNNING, State.DONE);
    }

    /** QUEUED or RETRY_WAIT -&gt; DROPPED; a running item cannot be dropped. */
    public boolean drop() {
        return state.compareAndSet(State.QUEUED, State.DROPPED) || state.compareAndSet(State.RETRY_WAIT, State.DROPPED);
    }

    @Override
    public String toString() {
        return "WorkItem[" + position() + " " + state.get() + " attempts=" + attempts + "]";
    }
}
