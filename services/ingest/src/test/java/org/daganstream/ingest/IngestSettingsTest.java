package org.daganstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSettingsTest {

    @Test
    void defaultsAndOverrides() {
        IngestSettings s = IngestSettings.fromConfig(DaganConfig.of(Map.of(
                "model.bundle.id", "b1", "ingest.max.frames", "500", "ingest.max.bytes", "64MiB",
                "topic.jobs", "other.jobs", "ingest.shutdown.timeout", "5s")));
        assertEquals("b1", s.modelBundleId());
        assertEquals(500, s.limits().maxFrames());
        assertEquals(64L << 20, s.limits().maxBytes());
        assertEquals(4096, s.limits().maxWidth());
        assertEquals(1, s.concurrency());
        assertEquals("other.jobs", s.jobsTopic());
        assertEquals("dagan.frames.decoded", s.decodedTopic());
        assertEquals(Duration.ofSeconds(5), s.shutdownTimeout());
        assertTrue(s.transactionalId().startsWith("dagan-ingest-"));
    }

    @Test
    void theBundleIdComesFromTheBundleFolderWhenNotGiven() throws Exception {
        Path tiny = Path.of(System.getProperty("dagan.fixtures"), "tiny");
        String id = new JsonObject(Files.readString(tiny.resolve("manifest.json"))).getString("id");
        IngestSettings s = IngestSettings.fromConfig(DaganConfig.of(Map.of("model.bundle.dir", tiny.toString())));
        assertEquals(id, s.modelBundleId());
    }

    @Test
    void badSettingsNameTheKey(@TempDir Path empty) {
        var missing = assertThrows(ConfigException.class, () -> IngestSettings.fromConfig(DaganConfig.of(Map.of())));
        assertTrue(missing.getMessage().contains("model.bundle.id") && missing.getMessage().contains("DAGAN_MODEL_BUNDLE_DIR"),
                missing.getMessage());
        var noManifest = assertThrows(ConfigException.class, () -> IngestSettings.fromConfig(
                DaganConfig.of(Map.of("model.bundle.dir", empty.toString()))));
        assertTrue(noManifest.getMessage().contains("manifest.json"), noManifest.getMessage());
        var badNumber = assertThrows(ConfigException.class, () -> IngestSettings.fromConfig(
                DaganConfig.of(Map.of("model.bundle.id", "b", "ingest.max.frames", "lots"))));
        assertTrue(badNumber.getMessage().contains("ingest.max.frames"), badNumber.getMessage());
        var badLevel = assertThrows(ConfigException.class, () -> FfmpegLogLevel.apply("loud"));
        assertTrue(badLevel.getMessage().contains("ingest.ffmpeg.log.level"), badLevel.getMessage());
    }
}
