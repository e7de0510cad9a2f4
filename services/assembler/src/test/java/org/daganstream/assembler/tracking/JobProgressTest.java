package org.daganstream.assembler.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JobProgressTest {

    @Test
    void countsEachFrameOnceAndListsWhatIsMissing() {
        JobProgress p = JobProgress.start("j", 6, 100);
        assertTrue(p.markDone(4, 110));
        assertTrue(p.markDone(0, 120));
        assertFalse(p.markDone(4, 130), "a redelivered frame is not new");
        assertEquals(2, p.doneCount());
        assertEquals(120, p.lastFrameAt(), "duplicates do not count as progress");
        assertArrayEquals(new int[] {1, 2, 3, 5}, p.missingFrames(10));
        assertArrayEquals(new int[] {1, 2}, p.missingFrames(2));
        assertThrows(IllegalArgumentException.class, () -> p.markDone(6, 140));
        assertThrows(IllegalArgumentException.class, () -> p.markDone(-1, 140));
    }

    @Test
    void manifestFrameCountWins() {
        JobProgress p = JobProgress.start("j", 10, 0);
        p.markDone(1, 1);
        p.markDone(8, 2);
        assertEquals(1, p.adoptFrameCount(5), "frame 8 is beyond the manifest's 5 frames");
        assertEquals(1, p.doneCount());
        assertEquals(5, p.frameCount());
        assertEquals(0, p.adoptFrameCount(7));
        assertEquals(6, p.missingCount());
        assertThrows(IllegalArgumentException.class, () -> JobProgress.start("j", 0, 0));
    }

    @Test
    void roundTripsThroughTheStateStoreFormat() {
        JobProgress p = JobProgress.start("job-1", 70, 1_000);
        for (int i = 0; i < 70; i += 3) {
            p.markDone(i, 2_000 + i);
        }
        p.timings().record(Map.of("ingest", 10L, "generator", 50L));
        p.reported(3_000);
        p.markStalled();
        JobProgress copy = JobProgressSerde.fromBytes(JobProgressSerde.toBytes(p));
        assertEquals(p.jobId(), copy.jobId());
        assertEquals(p.frameCount(), copy.frameCount());
        assertEquals(p.doneCount(), copy.doneCount());
        assertArrayEquals(p.missingFrames(100), copy.missingFrames(100));
        assertEquals(p.lastFrameAt(), copy.lastFrameAt());
        assertEquals(p.lastReportedAt(), copy.lastReportedAt());
        assertEquals(p.lastReportedCount(), copy.lastReportedCount());
        assertTrue(copy.stalled());
        assertEquals(p.timings().durations(), copy.timings().durations());

        p.complete(4_000);
        JobProgress done = JobProgressSerde.fromBytes(JobProgressSerde.toBytes(p));
        assertEquals(JobProgress.Phase.COMPLETE, done.phase());
        assertEquals(4_000, done.completedAt());
    }

    @Test
    void corruptStateIsReportedNotMisread() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> JobProgressSerde.fromBytes(new byte[] {9, 0, 0}));
        assertTrue(e.getMessage().contains("unknown format 9"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(JobProgressSerde.toBytes(JobProgress.start("j", 3, 0)), 12);
        assertThrows(SerializationException.class, () -> JobProgressSerde.fromBytes(truncated));
    }

    @Test
    void throttleReportsFirstEveryNthAndLast() {
        ProgressThrottle throttle = new ProgressThrottle(5, Duration.ofSeconds(2));
        JobProgress p = JobProgress.start("j", 12, 0);
        p.markDone(0, 0);
        assertTrue(throttle.dueAfterFrame(p, 0), "the first frame shows the job is moving");
        p.reported(0);
        for (int i = 1; i < 5; i++) {
            p.markDone(i, 0);
            assertFalse(throttle.dueAfterFrame(p, 0));
        }
        p.markDone(5, 0);
        assertTrue(throttle.dueAfterFrame(p, 0), "5 new frames");
        p.reported(0);
        p.markDone(6, 0);
        assertFalse(throttle.dueByTime(p, 1_999));
        assertTrue(throttle.dueByTime(p, 2_000));
        for (int i = 7; i < 12; i++) {
            p.markDone(i, 0);
        }
        p.reported(0);
        assertFalse(throttle.dueByTime(p, 10_000), "nothing unreported");
    }

    @Test
    void stageSpansRunFromFirstEntryToLastExit() {
        StageTimings t = new StageTimings();
        t.record(Map.of("ingest", 1_000L, "depth", 1_500L, "generator", 3_000L));
        t.record(Map.of("ingest", 1_010L, "depth", 2_000L, "generator", 2_500L));
        Map<String, Long> d = t.durations();
        assertEquals(10L, d.get("ingest"));
        assertEquals(1_000L, d.get("depth"), "entered at 1000 (ingest of frame 0), left at 2000");
        assertEquals(1_500L, d.get("generator"), "entered at 1500, left at 3000");
        assertEquals(1_000L, t.firstTimestamp());
    }
}
