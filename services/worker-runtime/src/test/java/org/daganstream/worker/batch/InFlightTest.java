package org.daganstream.worker.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.daganstream.worker.consume.OffsetTracker;
import org.daganstream.worker.consume.PartitionLease;
import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void finishingCompletesTheOffsetWhileDroppingLeavesItForRedelivery() throws Exception {
        OffsetTracker offsets = new OffsetTracker();
        PartitionLease lease = offsets.assign(new TopicPartition("in", 0));
        InFlight inFlight = new InFlight(offsets);
        WorkItem a = admit(inFlight, lease, 0);
        WorkItem b = admit(inFlight, lease, 1);
        assertEquals(2, inFlight.count());

        assertTrue(a.start());
        assertFalse(inFlight.dropped(a), "a running frame cannot be dropped");
        assertTrue(inFlight.finished(a));
        assertFalse(inFlight.finished(a), "finishing twice counts once");
        assertTrue(inFlight.dropped(b));
        assertEquals(0, inFlight.count());
        assertTrue(inFlight.awaitSettled(null, Duration.ZERO));
        assertEquals(1, offsets.committable().get(lease.partition()).offset(),
                "the dropped frame at offset 1 blocks the commit so it is read again");
    }

    @Test
    void awaitSettledTimesOutWhileAFrameRuns() throws Exception {
        OffsetTracker offsets = new OffsetTracker();
        PartitionLease lease = offsets.assign(new TopicPartition("in", 0));
        InFlight inFlight = new InFlight(offsets);
        WorkItem a = admit(inFlight, lease, 0);
        a.start();
        assertFalse(inFlight.awaitSettled(List.of(lease.partition()), Duration.ofMillis(30)));
        assertTrue(inFlight.awaitSettled(List.of(new TopicPartition("in", 1)), Duration.ZERO),
                "other partitions are settled");
        new Thread(() -> inFlight.finished(a)).start();
        assertTrue(inFlight.awaitSettled(List.of(lease.partition()), Duration.ofSeconds(5)));
    }

    private static WorkItem admit(InFlight inFlight, PartitionLease lease, long offset) {
        inFlight.offsets().track(lease, offset);
        WorkItem item = FrameQueueTest.item(offset, System.nanoTime(), lease);
        inFlight.admitted(item);
        return item;
    }
}
