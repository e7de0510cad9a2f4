package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.apache.kafka.common.errors.SerializationException;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.Test;

/** The stage's private binary formats (state store values and the repartition envelope) round-trip exactly. */
class StateSerdeTest {

    private final Random random = new Random(3);
    private final JobMotionStateSerde stateSerde = new JobMotionStateSerde();
    private final SourcedFrameSerde frameSerde = new SourcedFrameSerde();

    @Test
    void jobStateRoundTripsWithKeypointsAndEmittedFrames() {
        JobMotionState state = JobMotionState.start(new MotionSettings(true, false, 3), 500, 1234L);
        state.offerSource(TestFrames.randomKeypoints(random, 15));
        state.offerAnchor(TestFrames.randomKeypoints(random, 15));
        state.markEmitted(0);
        state.markEmitted(3);
        state.markEmitted(499);
        state.addBuffered(7);
        state.observeIngest(99L);
        state.observeIngest(42L);

        JobMotionState copy = stateSerde.deserializer().deserialize("t", stateSerde.serializer().serialize("t", state));
        assertEquals(state.settings(), copy.settings());
        assertEquals(500, copy.frameCount());
        assertEquals(state.source(), copy.source());
        assertEquals(state.anchor(), copy.anchor());
        assertEquals(3, copy.emittedCount());
        assertTrue(copy.isEmitted(499));
        assertFalse(copy.isEmitted(498));
        assertEquals(7, copy.buffered());
        assertEquals(1234L, copy.lastActivityMs());
        assertEquals(99L, copy.latestIngestMs());
    }

    @Test
    void completedMarkerRoundTrips() {
        CompletedJobSerde serde = new CompletedJobSerde();
        CompletedJob done = new CompletedJob(123L, 45L);
        assertEquals(done, serde.deserializer().deserialize("t", serde.serializer().serialize("t", done)));
        assertTrue(done.isOlderThan(46L));
        assertFalse(done.isOlderThan(45L));
        assertFalse(new CompletedJob(1L, JobMotionState.NO_TIMESTAMP).isOlderThan(5L), "no timestamps: duplicate");
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", new byte[3]));
    }

    @Test
    void jobStateWithoutKeypointsRoundTrips() {
        JobMotionState state = JobMotionState.start(MotionSettings.DEFAULT, 1, 5L);
        JobMotionState copy = JobMotionStateSerde.read(JobMotionStateSerde.write(state));
        assertNull(copy.source());
        assertNull(copy.anchor());
        assertFalse(copy.ready());
        assertEquals(0, copy.emittedCount());
    }

    @Test
    void corruptJobStateFailsClearly() {
        byte[] bytes = JobMotionStateSerde.write(JobMotionState.start(MotionSettings.DEFAULT, 1, 5L));
        SerializationException e = assertThrows(SerializationException.class,
                () -> JobMotionStateSerde.read(Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        bytes[0] = 9;
        assertThrows(SerializationException.class, () -> JobMotionStateSerde.read(bytes));
    }

    @Test
    void sourcedFrameKeepsPositionAndOriginalBytes() {
        FrameDescriptor frame = TestFrames.driving("job", 4, 9, TestFrames.options(true, true, 0),
                TestFrames.randomKeypoints(random, 15));
        byte[] original = WireCodecs.FRAME_DESCRIPTOR.encode(frame);
        SourcedFrame sourced = new SourcedFrame(3, 77L, original, frame);
        SourcedFrame copy = frameSerde.deserializer().deserialize("t", frameSerde.serializer().serialize("t", sourced));
        assertEquals(3, copy.sourcePartition());
        assertEquals(77L, copy.sourceOffset());
        assertArrayEquals(original, copy.originalValue());
        assertEquals(frame, copy.descriptor());
        assertThrows(SerializationException.class, () -> SourcedFrameSerde.read(new byte[] {1, 2}));
    }
}
