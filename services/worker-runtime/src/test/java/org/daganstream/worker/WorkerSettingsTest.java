package org.daganstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.daganstream.common.Topics;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.service.ServiceMain;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

    private static final StageDefinition DEPTH = new StageDefinition("depth", Topics.FRAMES_DECODED,
            Topics.FRAMES_DEPTH, ctx -> null);

    private static DaganConfig config(Map<String, String> env) {
        return DaganConfig.builder().overrides(Map.of("model.bundle.dir", "/models/b")).env(env).build();
    }

    @Test
    void defaults() {
        WorkerSettings s = WorkerSettings.from(config(Map.of()), DEPTH);
        assertEquals(Path.of("/models/b"), s.bundleDir());
        assertEquals("dagan.frames.decoded", s.inputTopic());
        assertEquals("dagan.frames.depth", s.outputTopic());
        assertEquals("dagan.frames.dlq", s.deadLetterTopic());
        assertEquals("dagan-depth-worker", s.groupId());
        assertEquals(4, s.batchMaxSize());
        assertEquals(Duration.ofMillis(10), s.batchMaxDelay());
        assertEquals(1, s.inferenceThreads());
        assertEquals(16, s.queueCapacity());
        assertEquals(8, s.resumeThreshold());
        assertEquals(3, s.maxAttempts());
        assertEquals(30, s.transientMaxAttempts());
        assertEquals(Duration.ofSeconds(30), s.backoff().max());
        assertTrue(s.requireBundleMatch());
        assertFalse(s.ensureTopics());
    }

    @Test
    void stageSectionWinsOverTheSharedOne() {
        WorkerSettings s = WorkerSettings.from(config(Map.of(
                "DAGAN_WORKER_BATCH_MAX_SIZE", "8",
                "DAGAN_WORKER_DEPTH_BATCH_MAX_SIZE", "2",
                "DAGAN_WORKER_GENERATOR_QUEUE_CAPACITY", "99",
                "DAGAN_WORKER_BATCH_MAX_DELAY", "25ms",
                "DAGAN_TOPIC_FRAMES_DEPTH", "staging.depth")), DEPTH);
        assertEquals(2, s.batchMaxSize());
        assertEquals(16, s.queueCapacity(), "another stage's section does not apply");
        assertEquals(Duration.ofMillis(25), s.batchMaxDelay());
        assertEquals("staging.depth", s.outputTopic());
    }

    @Test
    void badValuesNameTheKeyAndWhereItCameFrom() {
        ConfigException e = assertThrows(ConfigException.class, () -> WorkerSettings.from(
                config(Map.of("DAGAN_WORKER_DEPTH_INFERENCE_THREADS", "many")), DEPTH));
        assertTrue(e.getMessage().contains("worker.depth.inference.threads=many"), e.getMessage());
        assertTrue(e.getMessage().contains("DAGAN_WORKER_DEPTH_INFERENCE_THREADS"), e.getMessage());

        ConfigException tooBig = assertThrows(ConfigException.class, () -> WorkerSettings.from(
                config(Map.of("DAGAN_WORKER_BATCH_MAX_SIZE", "32")), DEPTH));
        assertTrue(tooBig.getMessage().contains("exceeds worker.queue.capacity=16"), tooBig.getMessage());

        ConfigException missing = assertThrows(ConfigException.class, () -> WorkerSettings.from(
                DaganConfig.of(Map.of()), DEPTH));
        assertTrue(missing.getMessage().contains("model.bundle.dir"), missing.getMessage());
        assertTrue(missing.getMessage().contains("DAGAN_MODEL_BUNDLE_DIR"), missing.getMessage());
    }

    @Test
    void mainReadsOnlyTheConfigOption() {
        assertEquals(Path.of("w.properties"), ServiceMain.configFile(new String[] {"--config", "w.properties"}));
        assertEquals(Path.of("x.properties"), ServiceMain.configFile(new String[] {"--config=x.properties"}));
        assertEquals(null, ServiceMain.configFile(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> ServiceMain.configFile(new String[] {"--config"}));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServiceMain.configFile(new String[] {"--port", "1"}));
        assertTrue(unknown.getMessage().contains("--port"));
    }
}
