package org.daganstream.worker.batch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The queue between the consume thread and the inference threads, and where dynamic batching happens: an idle
 * inference thread takes the oldest frame, then waits for company until the batch is full or the oldest frame has
 * waited {@code maxDelay} since it was queued. Under load the backlog fills batches at once; when traffic is light a
 * lone frame waits at most {@code maxDelay}. Frames of any job batch together.
 *
 * <p>The queue has no capacity of its own: the consume loop admits a record only while fewer than
 * {@code worker.queue.capacity} frames are in hand, so its size never exceeds that. Thread-safe.
 */
public final class FrameQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<WorkItem> items = new ArrayDeque<>();
    private final LongSupplier clock;
    private boolean closed;

    public FrameQueue() {
        this(System::nanoTime);
    }

    /** With an explicit nanosecond clock (tests). */
    public FrameQueue(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /** Appends {@code item}; refused once the queue is closed (the caller drops it). */
    public boolean add(WorkItem item) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            items.addLast(item);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch: blocks up to {@code idleWait} for a first frame, then collects up to {@code maxSize} frames,
     * waiting until the first frame's queue time plus {@code maxDelay} for more. Each returned item has been started
     * ({@link WorkItem#start()}); items dropped meanwhile are skipped.
     *
     * @return the batch, empty when nothing arrived within {@code idleWait} or the queue is closed and empty
     */
    public List<WorkItem> nextBatch(int maxSize, Duration maxDelay, Duration idleWait) throws InterruptedException {
        List<WorkItem> batch = new ArrayList<>(maxSize);
        lock.lockInterruptibly();
        try {
            long idleDeadline = clock.getAsLong() + idleWait.toNanos();
            while (batch.isEmpty()) {
                while (firstLive() == null) {
                    long left = idleDeadline - clock.getAsLong();
                    if (closed || left <= 0) {
                        return batch;
                    }
                    changed.awaitNanos(left);
                }
                takeInto(batch, maxSize);
            }
            // The oldest frame sets the deadline, so a frame that already waited behind busy threads leaves at once.
            long deadline = batch.get(0).enqueuedNanos() + maxDelay.toNanos();
            while (batch.size() < maxSize && !closed) {
                long left = deadline - clock.getAsLong();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
                takeInto(batch, maxSize);
            }
            takeInto(batch, maxSize);
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void takeInto(List<WorkItem> batch, int maxSize) {
        while (batch.size() < maxSize && !items.isEmpty()) {
            WorkItem item = items.pollFirst();
            if (item.start()) {
                batch.add(item);
            }
        }
    }

    /** The first item still queued, discarding dropped ones from the head. */
    private WorkItem firstLive() {
        while (!items.isEmpty() && items.peekFirst().state() != WorkItem.State.QUEUED) {
            items.pollFirst();
        }
        return items.peekFirst();
    }

    /** Removes and returns the queued items matching {@code which} (e.g. of revoked partitions). */
    public List<WorkItem> removeIf(Predicate<WorkItem> which) {
        lock.lock();
        try {
            List<WorkItem> removed = new ArrayList<>();
            for (Iterator<WorkItem> it = items.iterator(); it.hasNext(); ) {
                WorkItem item = it.next();
                if (which.test(item)) {
                    it.remove();
                    removed.add(item);
                }
            }
            if (!removed.isEmpty()) {
                changed.signalAll();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further items and wakes waiting threads; queued items can still be taken. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting (dropped ones not yet discarded included). */
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
