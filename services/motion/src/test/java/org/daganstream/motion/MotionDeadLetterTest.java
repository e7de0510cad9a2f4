package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.streams.KeyValue;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.Keypoints;
import org.daganstream.avro.MotionOptions;
import org.daganstream.common.Topics;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad records go to dagan.frames.dlq with a clear error, and processing carries on. */
class MotionDeadLetterTest {

    private static final int K = 15;
    private static final MotionOptions RELATIVE = TestFrames.options(true, true, 0);

    @TempDir
    Path stateDir;

    private final Random random = new Random(7);
    private MotionDriver driver;

    @BeforeEach
    void start() {
        driver = new MotionDriver(stateDir, Map.of("motion.num.kp", "15"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void undecodableBytesAreDeadLetteredAndTheNextRecordFlows() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        driver.sendRaw("job-x/3", garbage);
        driver.send(TestFrames.source("job-ok", 1, RELATIVE, kp()));
        driver.send(TestFrames.driving("job-ok", 0, 1, RELATIVE, kp()));

        DeadLetterFrame dead = single(driver.deadLetters(), "job-x/3");
        assertEquals("motion", dead.getStage());
        assertEquals(Topics.FRAMES_KEYPOINTS, dead.getSourceTopic());
        assertEquals(0, dead.getSourcePartition());
        assertEquals(0L, dead.getSourceOffset());
        assertEquals(MalformedRecordException.class.getName(), dead.getErrorClass());
        assertTrue(dead.getErrorMessage().contains("FrameDescriptor"), dead.getErrorMessage());
        assertNull(dead.getDescriptor());
        assertArrayEquals(garbage, bytes(dead.getOriginalValue()));
        assertEquals(1, dead.getAttempts());

        assertEquals(List.of("job-ok/0"), driver.emitted().stream().map(kv -> kv.key).toList());
        assertEquals(1, driver.counter("dagan.motion.frames.dead.lettered"));
    }

    @Test
    void nullValueIsDeadLettered() {
        driver.sendRaw("job-x/source", null);
        DeadLetterFrame dead = single(driver.deadLetters(), "job-x/source");
        assertTrue(dead.getErrorMessage().contains("null value"), dead.getErrorMessage());
        assertNull(dead.getOriginalValue());
    }

    @Test
    void frameWithoutKeypointsIsDeadLetteredWithItsDescriptor() {
        FrameDescriptor frame = TestFrames.driving("job-y", 2, 4, RELATIVE, null);
        driver.send(frame);
        DeadLetterFrame dead = single(driver.deadLetters(), "job-y/2");
        assertEquals(InvalidFrameException.class.getName(), dead.getErrorClass());
        assertEquals("driving frame 2 of job job-y has no keypoints; the keypoint stage must set them",
                dead.getErrorMessage());
        assertEquals(frame, dead.getDescriptor());
        assertArrayEquals(WireCodecs.FRAME_DESCRIPTOR.encode(frame), bytes(dead.getOriginalValue()));
        assertTrue(driver.bufferKeys().isEmpty());
        assertNull(driver.jobs().get("job-y"));
    }

    @Test
    void keypointArraysThatDisagreeWithNumKpAreDeadLettered() {
        FrameDescriptor frame = TestFrames.driving("job-z", 0, 2, RELATIVE, kp());
        Keypoints keypoints = frame.getKeypoints();
        keypoints.setValue(keypoints.getValue().subList(0, 28));
        driver.send(frame);
        DeadLetterFrame dead = single(driver.deadLetters(), "job-z/0");
        assertTrue(dead.getErrorMessage().contains("value has 28 floats but numKp=15 needs 30"), dead.getErrorMessage());
    }

    @Test
    void numKpOtherThanTheConfiguredOneIsDeadLettered() {
        driver.send(TestFrames.source("job-k", 2, RELATIVE, TestFrames.randomKeypoints(random, 10)));
        DeadLetterFrame dead = single(driver.deadLetters(), "job-k/source");
        assertTrue(dead.getErrorMessage().contains("numKp=10 but this deployment expects motion.num.kp=15"),
                dead.getErrorMessage());
    }

    @Test
    void framesOfOneJobWithDifferentKeypointCountsAreDeadLetteredAfterRepartition(@TempDir Path otherDir) {
        try (MotionDriver anyCount = new MotionDriver(otherDir)) {
            anyCount.send(TestFrames.source("job-m", 2, RELATIVE, TestFrames.randomKeypoints(random, 15)));
            FrameDescriptor odd = TestFrames.driving("job-m", 1, 2, RELATIVE, TestFrames.randomKeypoints(random, 10));
            anyCount.send(odd);
            anyCount.send(TestFrames.driving("job-m", 0, 2, RELATIVE, TestFrames.randomKeypoints(random, 15)));

            DeadLetterFrame dead = single(anyCount.deadLetters(), "job-m/1");
            assertTrue(dead.getErrorMessage().contains("has numKp=10 but the job's source has numKp=15"),
                    dead.getErrorMessage());
            // Position and bytes of the original input record, not of the internal repartition topic.
            assertEquals(Topics.FRAMES_KEYPOINTS, dead.getSourceTopic());
            assertEquals(1L, dead.getSourceOffset());
            assertArrayEquals(WireCodecs.FRAME_DESCRIPTOR.encode(odd), bytes(dead.getOriginalValue()));
            assertEquals(List.of("job-m/0"), anyCount.emitted().stream().map(kv -> kv.key).toList());
        }
    }

    @Test
    void bufferedFrameThatCannotBeNormalisedIsDeadLetteredOnRelease(@TempDir Path otherDir) {
        try (MotionDriver anyCount = new MotionDriver(otherDir)) {
            anyCount.send(TestFrames.driving("job-n", 1, 2, RELATIVE, TestFrames.randomKeypoints(random, 10)));
            anyCount.send(TestFrames.source("job-n", 2, RELATIVE, TestFrames.randomKeypoints(random, 15)));
            assertTrue(anyCount.deadLetters().isEmpty(), "the source fits the job as first seen");
            anyCount.send(TestFrames.driving("job-n", 0, 2, RELATIVE, TestFrames.randomKeypoints(random, 15)));

            DeadLetterFrame dead = single(anyCount.deadLetters(), "job-n/1");
            assertTrue(dead.getErrorMessage().contains("cannot be normalised"), dead.getErrorMessage());
            assertEquals(0L, dead.getSourceOffset());
            assertEquals(List.of("job-n/0"), anyCount.emitted().stream().map(kv -> kv.key).toList());
            assertTrue(anyCount.bufferKeys().isEmpty());
        }
    }

    @Test
    void anchorOutsideTheJobIsDeadLettered() {
        driver.send(TestFrames.driving("job-p", 1, 3, TestFrames.options(true, true, 3), kp()));
        DeadLetterFrame dead = single(driver.deadLetters(), "job-p/1");
        assertTrue(dead.getErrorMessage().contains("motion.anchorFrame=3 is outside the job's 3 driving frames"),
                dead.getErrorMessage());
    }

    @Test
    void frameIndexOutsideTheJobIsDeadLettered() {
        driver.send(TestFrames.driving("job-q", 5, 5, RELATIVE, kp()));
        assertTrue(single(driver.deadLetters(), "job-q/5").getErrorMessage().contains("[0, 5)"));
    }

    @Test
    void singularAnchorJacobianIsDeadLettered() {
        float[] jacobian = kp().jacobian();
        Arrays.fill(jacobian, 12, 16, 0f); // keypoint 3
        KeypointSet singular = KeypointSet.of(K, kp().value(), jacobian);
        driver.send(TestFrames.driving("job-r", 0, 2, RELATIVE, singular));
        DeadLetterFrame dead = single(driver.deadLetters(), "job-r/0");
        assertTrue(dead.getErrorMessage().contains("anchor jacobian of keypoint 3 is singular"), dead.getErrorMessage());
        // Not the anchor in absolute mode: accepted.
        driver.send(TestFrames.driving("job-s", 0, 2, TestFrames.options(false, false, 0), singular));
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void frameDisagreeingWithTheJobsOptionsIsDeadLettered() {
        driver.send(TestFrames.source("job-t", 3, RELATIVE, kp()));
        driver.send(TestFrames.driving("job-t", 1, 3, TestFrames.options(false, true, 0), kp()));
        driver.send(TestFrames.driving("job-t", 2, 4, RELATIVE, kp()));
        List<KeyValue<String, DeadLetterFrame>> dead = driver.deadLetters();
        assertEquals(2, dead.size());
        assertTrue(dead.get(0).value.getErrorMessage().contains("carries motion options"),
                dead.get(0).value.getErrorMessage());
        assertTrue(dead.get(1).value.getErrorMessage().contains("says frameCount=4 but the job's earlier frames said 3"),
                dead.get(1).value.getErrorMessage());
        assertNotNull(driver.jobs().get("job-t"));
        assertEquals(0, driver.jobs().get("job-t").buffered());
    }

    private KeypointSet kp() {
        return TestFrames.randomKeypoints(random, K);
    }

    private static DeadLetterFrame single(List<KeyValue<String, DeadLetterFrame>> deadLetters, String key) {
        assertEquals(1, deadLetters.size(), "dead letters: " + deadLetters);
        assertEquals(key, deadLetters.get(0).key);
        assertEquals(key, deadLetters.get(0).value.getRecordKey());
        return deadLetters.get(0).value;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
