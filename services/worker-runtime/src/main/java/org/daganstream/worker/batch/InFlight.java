package org.daganstream.worker.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.daganstream.worker.consume.OffsetTracker;

/**
 * The frames in hand: admitted by the consume loop and not yet finished or dropped. Its count drives backpressure
 * (the consumer pauses at {@code worker.queue.capacity}); finishing a frame completes its offset in the
 * {@link OffsetTracker}; dropping one leaves the offset unfinished, so it is redelivered rather than skipped.
 * Thread-safe.
 */
public final class InFlight {

    private final OffsetTracker offsets;
    private final Map<TopicPartition, Set<WorkItem>> live = new HashMap<>();
    private int count;

    public InFlight(OffsetTracker offsets) {
        this.offsets = offsets;
    }

    public OffsetTracker offsets() {
        return offsets;
    }

    /** Counts a newly admitted item (its offset must already be tracked). */
    public synchronized void admitted(WorkItem item) {
        live.computeIfAbsent(item.partition(), p -> new LinkedHashSet<>()).add(item);
        count++;
    }

    /**
     * The item's output (or dead letter) is acknowledged: its offset may be committed.
     *
     * @return false when the item was not running (already settled)
     */
    public boolean finished(WorkItem item) {
        if (!item.finish()) {
            return false;
        }
        offsets.complete(item.lease(), item.offset());
        settle(item);
        return true;
    }

    /**
     * Gives up an item that is not running (queued or waiting to retry) without committing it.
     *
     * @return false when the item is running or already settled
     */
    public boolean dropped(WorkItem item) {
        if (!item.drop()) {
            return false;
        }
        settle(item);
        return true;
    }

    private synchronized void settle(WorkItem item) {
        Set<WorkItem> items = live.get(item.partition());
        if (items != null && items.remove(item) && items.isEmpty()) {
            live.remove(item.partition());
        }
        count--;
        notifyAll();
    }

    public synchronized int count() {
        return count;
    }

    /** Items in hand for {@code partitions}, in admission order. */
    public synchronized List<WorkItem> items(Collection<TopicPartition> partitions) {
        List<WorkItem> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            out.addAll(live.getOrDefault(tp, Set.of()));
        }
        return out;
    }

    /** Every item in hand. */
    public synchronized List<WorkItem> all() {
        List<WorkItem> out = new ArrayList<>();
        live.values().forEach(out::addAll);
        return out;
    }

    /**
     * Waits until no item of {@code partitions} (all partitions when null) is in hand, or {@code timeout} passes.
     *
     * @return true when settled in time
     */
    public synchronized boolean awaitSettled(Collection<TopicPartition> partitions, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending(partitions) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private int pending(Collection<TopicPartition> partitions) {
        if (partitions == null) {
            return count;
        }
        int n = 0;
        for (TopicPartition tp : partitions) {
            n += live.getOrDefault(tp, Set.of()).size();
        }
        return n;
    }
}
