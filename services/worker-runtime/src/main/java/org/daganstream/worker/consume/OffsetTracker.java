package org.daganstream.worker.consume;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed offsets are finished, per partition, so the consumer commits only the contiguous prefix of
 * finished work (at-least-once: a frame is never committed before its output is acknowledged, whatever order
 * batches finish in).
 *
 * <p>For each owned partition it keeps the offsets handed to processing and not yet finished. The committable
 * position is the smallest unfinished offset, or one past the highest tracked offset when all are finished; gaps in
 * the offsets (compaction, transaction markers) need no special care. Completions carry the {@link PartitionLease}
 * they were tracked under and are ignored once the partition was revoked. Thread-safe: the consume thread tracks
 * and commits, processing threads complete.
 */
public final class OffsetTracker {

    private static final class PartitionState {
        final PartitionLease lease;
        final TreeSet<Long> unfinished = new TreeSet<>();
        long highestTracked = -1;
        long committed = -1;

        PartitionState(PartitionLease lease) {
            this.lease = lease;
        }

        long position() {
            return unfinished.isEmpty() ? highestTracked + 1 : unfinished.first();
        }
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private long nextGeneration = 1;

    /** Starts a new ownership period of {@code partition}; any earlier lease becomes stale. */
    public synchronized PartitionLease assign(TopicPartition partition) {
        PartitionLease lease = new PartitionLease(partition, nextGeneration++);
        partitions.put(partition, new PartitionState(lease));
        return lease;
    }

    /** The current lease of {@code partition}, if this consumer owns it. */
    public synchronized Optional<PartitionLease> lease(TopicPartition partition) {
        PartitionState state = partitions.get(partition);
        return state == null ? Optional.empty() : Optional.of(state.lease);
    }

    /** True while {@code lease} is the partition's current ownership period. */
    public synchronized boolean isCurrent(PartitionLease lease) {
        PartitionState state = partitions.get(lease.partition());
        return state != null && state.lease.equals(lease);
    }

    /**
     * Records that {@code offset} was handed to processing. Offsets of one partition must be tracked in increasing
     * order (the order the consumer returns them).
     *
     * @throws IllegalStateException when the lease is stale or the offset goes backwards
     */
    public synchronized void track(PartitionLease lease, long offset) {
        PartitionState state = current(lease);
        if (state == null) {
            throw new IllegalStateException("partition " + lease.partition() + " is not owned under lease " + lease);
        }
        if (offset <= state.highestTracked) {
            throw new IllegalStateException("offset " + offset + " of " + lease.partition()
                    + " tracked after offset " + state.highestTracked);
        }
        state.unfinished.add(offset);
        state.highestTracked = offset;
    }

    /**
     * Marks {@code offset} finished.
     *
     * @return false when the lease is stale (the partition moved on) or the offset was not outstanding
     */
    public synchronized boolean complete(PartitionLease lease, long offset) {
        PartitionState state = current(lease);
        return state != null && state.unfinished.remove(offset);
    }

    /** Positions to commit for every owned partition whose position moved since it was last committed. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    /** As {@link #committable()}, restricted to {@code which}. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : which) {
            PartitionState state = partitions.get(tp);
            if (state != null && state.highestTracked >= 0 && state.position() > state.committed) {
                out.put(tp, new OffsetAndMetadata(state.position()));
            }
        }
        return out;
    }

    /** Records a successful commit so the same positions are not committed again. */
    public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionState state = partitions.get(tp);
            if (state != null) {
                state.committed = Math.max(state.committed, om.offset());
            }
        });
    }

    /** Forgets {@code which}: their leases become stale and later completions are ignored. */
    public synchronized void release(Collection<TopicPartition> which) {
        which.forEach(partitions::remove);
    }

    private PartitionState current(PartitionLease lease) {
        PartitionState state = partitions.get(lease.partition());
        return state != null && state.lease.equals(lease) ? state : null;
    }
}
