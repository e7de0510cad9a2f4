package org.daganstream.worker.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.daganstream.common.kafka.Decoded;
import org.daganstream.worker.consume.PartitionLease;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

    private static final PartitionLease LEASE = new PartitionLease(new TopicPartition("in", 0), 1);
    private static final Duration LONG = Duration.ofSeconds(5);

    static WorkItem item(long offset, long enqueuedNanos) {
        return item(offset, enqueuedNanos, LEASE);
    }

    static WorkItem item(long offset, long enqueuedNanos, PartitionLease lease) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(lease.partition().topic(),
                lease.partition().partition(), offset, "j/" + offset, new byte[0]);
        return new WorkItem(record, lease, new Decoded.Tombstone<>(record), enqueuedNanos);
    }

    static WorkItem item(long offset) {
        return item(offset, System.nanoTime());
    }

    @Test
    void fullBatchLeavesWithoutWaitingForTheDelay() throws Exception {
        FrameQueue queue = new FrameQueue();
        for (int i = 0; i < 5; i++) {
            queue.add(item(i));
        }
        List<WorkItem> batch = queue.nextBatch(4, LONG, LONG);
        assertEquals(List.of(0L, 1L, 2L, 3L), batch.stream().map(WorkItem::offset).toList());
        assertTrue(batch.stream().allMatch(i -> i.state() == WorkItem.State.RUNNING && i.attempts() == 1));
        assertEquals(1, queue.size(), "the fifth frame stays for the next batch");
    }

    @Test
    void loneFrameWaitsForCompanyUpToTheDelay() throws Exception {
        FrameQueue queue = new FrameQueue();
        long start = System.nanoTime();
        queue.add(item(0, start));
        List<WorkItem> batch = queue.nextBatch(4, Duration.ofMillis(150), LONG);
        assertEquals(1, batch.size());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(150).toNanos(),
                "a lone frame must wait the full delay for others");
    }

    @Test
    void frameThatAlreadyWaitedLeavesAtOnce() throws Exception {
        long now = 1_000_000_000_000L;
        FrameQueue queue = new FrameQueue(() -> now);
        queue.add(item(0, now - Duration.ofSeconds(1).toNanos()));
        CompletableFuture<List<WorkItem>> batch = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.nextBatch(4, Duration.ofMillis(10), LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // The fake clock never advances: returning at all proves the deadline was taken from the queue time.
        assertEquals(1, batch.get(5, java.util.concurrent.TimeUnit.SECONDS).size());
    }

    @Test
    void framesArrivingDuringTheDelayJoinTheBatch() throws Exception {
        FrameQueue queue = new FrameQueue();
        queue.add(item(0));
        CompletableFuture<List<WorkItem>> batch = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.nextBatch(3, Duration.ofSeconds(10), LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        queue.add(item(1));
        queue.add(item(2));
        assertEquals(List.of(0L, 1L, 2L), batch.get(5, java.util.concurrent.TimeUnit.SECONDS).stream()
                .map(WorkItem::offset).toList(), "the batch filled up before its deadline");
    }

    @Test
    void droppedFramesAreSkipped() throws Exception {
        FrameQueue queue = new FrameQueue();
        WorkItem dropped = item(0);
        queue.add(dropped);
        queue.add(item(1));
        assertTrue(dropped.drop());
        List<WorkItem> batch = queue.nextBatch(4, Duration.ZERO, LONG);
        assertEquals(List.of(1L), batch.stream().map(WorkItem::offset).toList());
        assertEquals(WorkItem.State.DROPPED, dropped.state());
    }

    @Test
    void idleWaitEndsWithAnEmptyBatch() throws Exception {
        FrameQueue queue = new FrameQueue();
        assertTrue(queue.nextBatch(4, Duration.ZERO, Duration.ofMillis(30)).isEmpty());
    }

    @Test
    void closedQueueRefusesNewFramesButHandsOutQueuedOnesWithoutWaiting() throws Exception {
        FrameQueue queue = new FrameQueue();
        queue.add(item(0));
        queue.close();
        assertTrue(!queue.add(item(1)), "a closed queue refuses frames");
        long start = System.nanoTime();
        assertEquals(1, queue.nextBatch(4, Duration.ofSeconds(10), LONG).size());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "no batching delay when closed");
        assertTrue(queue.nextBatch(4, Duration.ofSeconds(10), LONG).isEmpty());
    }

    @Test
    void removeIfTakesMatchingFramesOut() {
        FrameQueue queue = new FrameQueue();
        for (int i = 0; i < 4; i++) {
            queue.add(item(i));
        }
        List<WorkItem> removed = queue.removeIf(i -> i.offset() % 2 == 0);
        assertEquals(List.of(0L, 2L), removed.stream().map(WorkItem::offset).toList());
        assertEquals(2, queue.size());
    }
}
