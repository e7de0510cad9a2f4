package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.streams.KeyValue;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.MotionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stateful behaviour of the topology: buffering, release, options, idempotence, cleanup and TTL. */
class MotionTopologyTest {

    private static final int K = 15;
    private static final MotionOptions RELATIVE = TestFrames.options(true, true, 0);

    @TempDir
    Path stateDir;

    private final Random random = new Random(42);
    private final KeypointNormalizer normalizer = new KeypointNormalizer();
    private MotionDriver driver;

    @BeforeEach
    void start() {
        driver = new MotionDriver(stateDir);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void emitsEveryDrivingFrameWithSourceAndNormalisedKeypoints() {
        KeypointSet source = TestFrames.randomKeypoints(random, K);
        KeypointSet[] driving = {TestFrames.randomKeypoints(random, K), TestFrames.randomKeypoints(random, K),
                TestFrames.randomKeypoints(random, K)};

        driver.send(TestFrames.source("job-a", 3, RELATIVE, source));
        for (int i = 0; i < 3; i++) {
            driver.send(TestFrames.driving("job-a", i, 3, RELATIVE, driving[i]));
        }

        List<KeyValue<String, FrameDescriptor>> out = driver.emitted();
        assertEquals(List.of("job-a/0", "job-a/1", "job-a/2"), out.stream().map(kv -> kv.key).toList());
        for (int i = 0; i < 3; i++) {
            FrameDescriptor frame = out.get(i).value;
            assertEquals(i, frame.getFrameIndex());
            assertEquals(source, TestFrames.fromAvro(frame.getSourceKeypoints()));
            assertEquals(driving[i], TestFrames.fromAvro(frame.getKeypoints()), "raw keypoints travel on unchanged");
            assertEquals(normalizer.normalize(source, driving[0], driving[i], MotionSettings.DEFAULT),
                    TestFrames.fromAvro(frame.getDrivingKeypoints()));
            assertEquals(1_000L, frame.getStageTimestamps().get("ingest"));
            assertEquals(MotionDriver.START.toEpochMilli(), frame.getStageTimestamps().get("motion"));
            assertEquals("jobs/job-a/depth/00000" + i, frame.getBlobs().getDepth());
        }
        // The anchor frame moves the source by nothing.
        assertArrayEquals(source.value(), TestFrames.fromAvro(out.get(0).value.getDrivingKeypoints()).value(), 1e-6f);
        assertEquals(3, driver.counter("dagan.motion.frames.emitted"));
        assertEquals(0, driver.counter("dagan.motion.frames.buffered"));
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void normalisedKeypointsMatchTheReferenceFixtures() {
        List<MotionFixtureCases.Case> cases = MotionFixtureCases.cases();
        for (MotionFixtureCases.Case c : cases) {
            String job = "fixture-" + c.name().replace('_', '-');
            MotionOptions options = TestFrames.options(c.settings().relative(), c.settings().adaptScale(), 0);
            // Driving frame first, so it also goes through the buffer.
            driver.send(TestFrames.driving(job, 1, 2, options, c.driving()),
                    TestFrames.source(job, 2, options, c.source()),
                    TestFrames.driving(job, 0, 2, options, c.anchor()));
            Map<String, FrameDescriptor> out = new java.util.HashMap<>();
            driver.emitted().forEach(kv -> out.put(kv.key, kv.value));
            assertEquals(java.util.Set.of(job + "/0", job + "/1"), out.keySet(), c.name());
            KeypointSet normalised = TestFrames.fromAvro(out.get(job + "/1").getDrivingKeypoints());
            assertArrayEquals(c.expectedValue(), normalised.value(), MotionFixtureCases.TOLERANCE, c.name());
            assertArrayEquals(c.expectedJacobian(), normalised.jacobian(), MotionFixtureCases.TOLERANCE, c.name());
            assertEquals(c.source(), TestFrames.fromAvro(out.get(job + "/1").getSourceKeypoints()), c.name());
        }
        assertEquals(cases.size(), driver.counter("dagan.motion.jobs.completed"));
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void framesBeforeSourceAndAnchorAreBufferedThenReleasedInOrder() {
        KeypointSet source = TestFrames.randomKeypoints(random, K);
        KeypointSet anchor = TestFrames.randomKeypoints(random, K);
        KeypointSet f1 = TestFrames.randomKeypoints(random, K);
        KeypointSet f2 = TestFrames.randomKeypoints(random, K);

        driver.send(TestFrames.driving("job-b", 2, 3, RELATIVE, f2), TestFrames.driving("job-b", 1, 3, RELATIVE, f1));
        assertTrue(driver.emitted().isEmpty());
        assertEquals(List.of("job-b/0000000001", "job-b/0000000002"), driver.bufferKeys());

        driver.send(TestFrames.source("job-b", 3, RELATIVE, source));
        assertTrue(driver.emitted().isEmpty(), "the anchor is still missing");
        assertEquals(2, driver.jobs().get("job-b").buffered());

        driver.send(TestFrames.driving("job-b", 0, 3, RELATIVE, anchor));
        List<KeyValue<String, FrameDescriptor>> out = driver.emitted();
        assertEquals(List.of("job-b/0", "job-b/1", "job-b/2"), out.stream().map(kv -> kv.key).toList());
        assertEquals(normalizer.normalize(source, anchor, f2, MotionSettings.DEFAULT),
                TestFrames.fromAvro(out.get(2).value.getDrivingKeypoints()));
        assertTrue(driver.bufferKeys().isEmpty());
        assertEquals(2, driver.counter("dagan.motion.frames.buffered"));
        assertEquals(2, driver.counter("dagan.motion.frames.released"));
    }

    @Test
    void absoluteModePassesDrivingKeypointsUnchangedAndNeedsNoAnchor() {
        MotionOptions absolute = TestFrames.options(false, true, 0);
        KeypointSet source = TestFrames.randomKeypoints(random, K);
        KeypointSet f1 = TestFrames.randomKeypoints(random, K);
        KeypointSet f0 = TestFrames.randomKeypoints(random, K);

        driver.send(TestFrames.driving("job-c", 1, 2, absolute, f1));
        assertTrue(driver.emitted().isEmpty(), "waits for the source");
        driver.send(TestFrames.source("job-c", 2, absolute, source));
        List<KeyValue<String, FrameDescriptor>> out = driver.emitted();
        assertEquals(1, out.size(), "released without frame 0: absolute mode has no anchor");
        assertEquals(f1, TestFrames.fromAvro(out.get(0).value.getDrivingKeypoints()));
        assertEquals(source, TestFrames.fromAvro(out.get(0).value.getSourceKeypoints()));

        driver.send(TestFrames.driving("job-c", 0, 2, absolute, f0));
        assertEquals(f0, TestFrames.fromAvro(driver.emitted().get(0).value.getDrivingKeypoints()));
    }

    @Test
    void anchorFrameOptionChoosesTheMotionOrigin() {
        MotionOptions anchor2 = TestFrames.options(true, true, 2);
        KeypointSet source = TestFrames.randomKeypoints(random, K);
        KeypointSet[] f = new KeypointSet[4];
        for (int i = 0; i < 4; i++) {
            f[i] = TestFrames.randomKeypoints(random, K);
        }
        driver.send(TestFrames.source("job-d", 4, anchor2, source));
        driver.send(TestFrames.driving("job-d", 0, 4, anchor2, f[0]), TestFrames.driving("job-d", 1, 4, anchor2, f[1]));
        assertTrue(driver.emitted().isEmpty(), "frames 0 and 1 wait for anchor frame 2");

        driver.send(TestFrames.driving("job-d", 2, 4, anchor2, f[2]), TestFrames.driving("job-d", 3, 4, anchor2, f[3]));
        List<KeyValue<String, FrameDescriptor>> out = driver.emitted();
        assertEquals(List.of("job-d/2", "job-d/0", "job-d/1", "job-d/3"), out.stream().map(kv -> kv.key).toList());
        MotionSettings settings = new MotionSettings(true, true, 2);
        for (KeyValue<String, FrameDescriptor> kv : out) {
            int i = kv.value.getFrameIndex();
            assertEquals(normalizer.normalize(source, f[2], f[i], settings),
                    TestFrames.fromAvro(kv.value.getDrivingKeypoints()), "frame " + i);
        }
        KeypointSet atAnchor = TestFrames.fromAvro(out.get(0).value.getDrivingKeypoints());
        assertArrayEquals(source.value(), atAnchor.value(), 1e-6f);
        assertArrayEquals(source.jacobian(), atAnchor.jacobian(), 1e-5f);
    }

    @Test
    void redeliveredFramesNeitherRepeatNorChangeOutput() {
        KeypointSet source = TestFrames.randomKeypoints(random, K);
        KeypointSet anchor = TestFrames.randomKeypoints(random, K);
        KeypointSet f1 = TestFrames.randomKeypoints(random, K);

        driver.send(TestFrames.driving("job-e", 1, 3, RELATIVE, f1));
        driver.send(TestFrames.driving("job-e", 1, 3, RELATIVE, TestFrames.randomKeypoints(random, K)));
        driver.send(TestFrames.source("job-e", 3, RELATIVE, source));
        driver.send(TestFrames.source("job-e", 3, RELATIVE, TestFrames.randomKeypoints(random, K)));
        driver.send(TestFrames.driving("job-e", 0, 3, RELATIVE, anchor));
        driver.send(TestFrames.driving("job-e", 0, 3, RELATIVE, TestFrames.randomKeypoints(random, K)));
        driver.send(TestFrames.driving("job-e", 1, 3, RELATIVE, TestFrames.randomKeypoints(random, K)));

        List<KeyValue<String, FrameDescriptor>> out = driver.emitted();
        assertEquals(List.of("job-e/0", "job-e/1"), out.stream().map(kv -> kv.key).toList());
        assertEquals(normalizer.normalize(source, anchor, f1, MotionSettings.DEFAULT),
                TestFrames.fromAvro(out.get(1).value.getDrivingKeypoints()), "first copies win");
        assertEquals(source, TestFrames.fromAvro(out.get(1).value.getSourceKeypoints()));
        assertEquals(4, driver.counter("dagan.motion.frames.duplicate"));
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void jobStateIsDroppedOnceEveryFrameIsEmitted() {
        KeypointSet source = TestFrames.randomKeypoints(random, K);
        driver.send(TestFrames.source("job-f", 2, RELATIVE, source));
        driver.send(TestFrames.driving("job-f", 0, 2, RELATIVE, TestFrames.randomKeypoints(random, K)));
        assertNotNull(driver.jobs().get("job-f"));

        driver.send(TestFrames.driving("job-f", 1, 2, RELATIVE, TestFrames.randomKeypoints(random, K)));
        assertEquals(2, driver.emitted().size());
        assertNull(driver.jobs().get("job-f"), "keypoints and progress are gone");
        assertTrue(driver.bufferKeys().isEmpty());
        assertNotNull(driver.completed().get("job-f"), "a small marker absorbs late duplicates");
        assertEquals(1, driver.counter("dagan.motion.jobs.completed"));

        // A late duplicate neither re-creates state nor emits.
        driver.send(TestFrames.driving("job-f", 1, 2, RELATIVE, TestFrames.randomKeypoints(random, K)));
        assertTrue(driver.emitted().isEmpty());
        assertNull(driver.jobs().get("job-f"));

        // The marker itself goes after the TTL.
        driver.advanceWallClock(MotionDriver.minutes(11));
        assertNull(driver.completed().get("job-f"));
    }

    @Test
    void aNewIngestRunOfACompletedJobStartsItOver() {
        KeypointSet source = TestFrames.randomKeypoints(random, K);
        KeypointSet anchor = TestFrames.randomKeypoints(random, K);
        driver.send(TestFrames.source("job-r", 1, RELATIVE, source), TestFrames.driving("job-r", 0, 1, RELATIVE, anchor));
        assertEquals(1, driver.emitted().size());
        assertEquals(1_000L, driver.completed().get("job-r").latestIngestMs());

        // A redelivered copy of the finished run is dropped ...
        driver.send(TestFrames.driving("job-r", 0, 1, RELATIVE, anchor));
        assertTrue(driver.emitted().isEmpty());
        // ... but a later ingest run of the same job id is processed again.
        KeypointSet newSource = TestFrames.randomKeypoints(random, K);
        driver.send(TestFrames.fromIngestRun(TestFrames.source("job-r", 1, RELATIVE, newSource), 5_000L),
                TestFrames.fromIngestRun(TestFrames.driving("job-r", 0, 1, RELATIVE, anchor), 5_000L));
        List<KeyValue<String, FrameDescriptor>> out = driver.emitted();
        assertEquals(1, out.size());
        assertEquals(newSource, TestFrames.fromAvro(out.get(0).value.getSourceKeypoints()));
        assertEquals(5_000L, driver.completed().get("job-r").latestIngestMs());
        assertEquals(2, driver.counter("dagan.motion.jobs.completed"));
    }

    @Test
    void abandonedJobsExpireAfterTheTtl() {
        driver.send(TestFrames.driving("job-g", 1, 5, RELATIVE, TestFrames.randomKeypoints(random, K)),
                TestFrames.driving("job-g", 2, 5, RELATIVE, TestFrames.randomKeypoints(random, K)));
        driver.advanceWallClock(MotionDriver.minutes(5));
        // Activity on another job does not keep job-g alive; activity on job-g would.
        driver.send(TestFrames.source("job-h", 5, RELATIVE, TestFrames.randomKeypoints(random, K)));
        assertNotNull(driver.jobs().get("job-g"));
        assertEquals(2, driver.bufferKeys().size());

        driver.advanceWallClock(MotionDriver.minutes(6));
        assertNull(driver.jobs().get("job-g"));
        assertTrue(driver.bufferKeys().isEmpty());
        assertNotNull(driver.jobs().get("job-h"), "job-h was active 6 minutes ago");
        assertEquals(1, driver.counter("dagan.motion.jobs.expired"));
        assertEquals(2, driver.counter("dagan.motion.frames.expired"));

        driver.advanceWallClock(MotionDriver.minutes(5));
        assertNull(driver.jobs().get("job-h"));
        assertTrue(driver.emitted().isEmpty());
    }

    @Test
    void jobsAreIndependent() {
        KeypointSet sourceA = TestFrames.randomKeypoints(random, K);
        KeypointSet sourceB = TestFrames.randomKeypoints(random, K);
        KeypointSet anchorA = TestFrames.randomKeypoints(random, K);
        KeypointSet anchorB = TestFrames.randomKeypoints(random, K);
        driver.send(TestFrames.source("a", 1, RELATIVE, sourceA), TestFrames.driving("b", 0, 1, RELATIVE, anchorB));
        driver.send(TestFrames.driving("a", 0, 1, RELATIVE, anchorA), TestFrames.source("b", 1, RELATIVE, sourceB));
        Map<String, FrameDescriptor> out = new java.util.HashMap<>();
        driver.emitted().forEach(kv -> out.put(kv.key, kv.value));
        assertEquals(sourceA, TestFrames.fromAvro(out.get("a/0").getSourceKeypoints()));
        assertEquals(sourceB, TestFrames.fromAvro(out.get("b/0").getSourceKeypoints()));
    }
}
