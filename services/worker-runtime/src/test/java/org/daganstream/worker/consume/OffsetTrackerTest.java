package org.daganstream.worker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    private static long position(OffsetTracker tracker, TopicPartition tp) {
        OffsetAndMetadata om = tracker.committable().get(tp);
        return om == null ? -1 : om.offset();
    }

    @Test
    void commitsOnlyTheContiguousPrefixOfFinishedOffsets() {
        OffsetTracker tracker = new OffsetTracker();
        PartitionLease lease = tracker.assign(P0);
        for (long o = 10; o < 15; o++) {
            tracker.track(lease, o);
        }
        assertEquals(10, position(tracker, P0), "nothing finished: commit stays at the first unfinished offset");
        tracker.complete(lease, 12);
        tracker.complete(lease, 13);
        assertEquals(10, position(tracker, P0), "later offsets finishing first must not move the commit");
        tracker.complete(lease, 10);
        assertEquals(11, position(tracker, P0));
        tracker.complete(lease, 11);
        assertEquals(14, position(tracker, P0), "11..13 done: the next to commit is 14");
        tracker.complete(lease, 14);
        assertEquals(15, position(tracker, P0), "all done: one past the highest offset");
    }

    @Test
    void gapsInOffsetsNeedNoSpecialCare() {
        OffsetTracker tracker = new OffsetTracker();
        PartitionLease lease = tracker.assign(P0);
        tracker.track(lease, 3);
        tracker.track(lease, 7); // 4..6 were compacted away or are transaction markers
        tracker.complete(lease, 3);
        assertEquals(7, position(tracker, P0));
        tracker.complete(lease, 7);
        assertEquals(8, position(tracker, P0));
    }

    @Test
    void committedPositionsAreNotOfferedAgain() {
        OffsetTracker tracker = new OffsetTracker();
        PartitionLease lease = tracker.assign(P0);
        tracker.track(lease, 0);
        tracker.complete(lease, 0);
        Map<TopicPartition, OffsetAndMetadata> first = tracker.committable();
        tracker.committed(first);
        assertTrue(tracker.committable().isEmpty());
        tracker.track(lease, 1);
        assertTrue(tracker.committable().isEmpty(), "offset 1 unfinished: position still 1, already committed");
        tracker.complete(lease, 1);
        assertEquals(2, position(tracker, P0));
    }

    @Test
    void partitionsAreIndependent() {
        OffsetTracker tracker = new OffsetTracker();
        PartitionLease a = tracker.assign(P0);
        PartitionLease b = tracker.assign(P1);
        tracker.track(a, 0);
        tracker.track(b, 0);
        tracker.complete(b, 0);
        assertEquals(0, position(tracker, P0));
        assertEquals(1, position(tracker, P1));
        assertEquals(Map.of(P1, new OffsetAndMetadata(1)), tracker.committable(List.of(P1)));
    }

    @Test
    void completionsUnderARevokedLeaseAreIgnored() {
        OffsetTracker tracker = new OffsetTracker();
        PartitionLease old = tracker.assign(P0);
        tracker.track(old, 5);
        tracker.release(List.of(P0));
        assertFalse(tracker.isCurrent(old));
        PartitionLease fresh = tracker.assign(P0);
        tracker.track(fresh, 5); // redelivered to us after the rebalance
        assertFalse(tracker.complete(old, 5), "work started under the old lease must not finish the new one");
        assertEquals(5, position(tracker, P0));
        assertTrue(tracker.complete(fresh, 5));
        assertEquals(6, position(tracker, P0));
    }

    @Test
    void refusesOffsetsGoingBackwardsAndUnownedPartitions() {
        OffsetTracker tracker = new OffsetTracker();
        PartitionLease lease = tracker.assign(P0);
        tracker.track(lease, 4);
        assertThrows(IllegalStateException.class, () -> tracker.track(lease, 4));
        tracker.release(List.of(P0));
        assertThrows(IllegalStateException.class, () -> tracker.track(lease, 9));
        assertTrue(tracker.committable().isEmpty());
    }

    @Test
    void untouchedPartitionHasNothingToCommit() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(P0);
        assertTrue(tracker.committable().isEmpty());
    }
}
