package org.daganstream.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaganConfigTest {

    @TempDir
    Path dir;

    private Path properties(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void layersApplyInPrecedenceOrder() throws IOException {
        Path file = properties("a.properties", "b=file\nc=file\nd=file\n");
        DaganConfig config = DaganConfig.builder()
                .overrides(Map.of("d", "override"))
                .env(Map.of("DAGAN_C", "env", "DAGAN_D", "env", "PATH", "/bin"))
                .file(file)
                .defaults(Map.of("a", "default", "b", "default", "c", "default", "d", "default"))
                .build();

        assertEquals("default", config.required("a"));
        assertEquals("file", config.required("b"));
        assertEquals("env", config.required("c"));
        assertEquals("override", config.required("d"));
        assertEquals(ConfigOrigin.Layer.DEFAULT, config.origin("a").orElseThrow().layer());
        assertEquals(ConfigOrigin.file(file.toString()), config.origin("b").orElseThrow());
        assertEquals(ConfigOrigin.env("DAGAN_C"), config.origin("c").orElseThrow());
        assertFalse(config.has("path"), "only DAGAN_* variables are read");
    }

    @Test
    void envNamesMapToDottedLowerCaseKeys() {
        DaganConfig config = DaganConfig.builder()
                .env(Map.of("DAGAN_KAFKA_BOOTSTRAP_SERVERS", "broker:9092", "DAGAN_WORKER_BATCH_MAX_SIZE", "4"))
                .build();
        assertEquals("broker:9092", config.required("kafka.bootstrap.servers"));
        assertEquals(4, config.getInt("worker.batch.max.size", 1));
        assertEquals("DAGAN_S3_ACCESS_KEY", DaganConfig.envForKey("s3.access.key"));
        assertEquals("s3.access.key", DaganConfig.keyForEnv("DAGAN_S3_ACCESS_KEY"));
    }

    @Test
    void propertiesFileComesFromDaganConfigEnvUnlessGivenExplicitly() throws IOException {
        Path fromEnv = properties("env.properties", "x=from-env-file\n");
        Path explicit = properties("explicit.properties", "x=from-explicit-file\n");

        DaganConfig viaEnv = DaganConfig.builder().env(Map.of("DAGAN_CONFIG", fromEnv.toString())).build();
        assertEquals("from-env-file", viaEnv.required("x"));
        assertFalse(viaEnv.has("config"), "DAGAN_CONFIG names the file, it is not a key");

        DaganConfig viaOption = DaganConfig.builder().file(explicit).env(Map.of("DAGAN_CONFIG", fromEnv.toString())).build();
        assertEquals("from-explicit-file", viaOption.required("x"));
    }

    @Test
    void missingPropertiesFileIsAClearError() {
        Path missing = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class,
                () -> DaganConfig.builder().env(Map.of("DAGAN_CONFIG", missing.toString())).build());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("DAGAN_CONFIG"), e.getMessage());
    }

    @Test
    void badIntegerNamesKeyValueAndEnvVariable() {
        DaganConfig config = DaganConfig.builder().env(Map.of("DAGAN_WORKER_BATCH_MAX_SIZE", "abc")).build();
        ConfigException e = assertThrows(ConfigException.class, () -> config.getInt("worker.batch.max.size", 1));
        assertEquals("config key worker.batch.max.size=abc is not an integer (from env DAGAN_WORKER_BATCH_MAX_SIZE)",
                e.getMessage());
    }

    @Test
    void badValueFromFileNamesTheFile() throws IOException {
        Path file = properties("bad.properties", "worker.batch.max.delay=soon\n");
        DaganConfig config = DaganConfig.builder().file(file).build();
        ConfigException e = assertThrows(ConfigException.class,
                () -> config.getDuration("worker.batch.max.delay", Duration.ZERO));
        assertTrue(e.getMessage().startsWith("config key worker.batch.max.delay=soon is not a duration"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(from file " + file + ")"), e.getMessage());
    }

    @Test
    void requiredMissingKeySaysHowToSetIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> DaganConfig.empty().required("s3.endpoint"));
        assertTrue(e.getMessage().contains("s3.endpoint"), e.getMessage());
        assertTrue(e.getMessage().contains("DAGAN_S3_ENDPOINT"), e.getMessage());
    }

    @Test
    void typedGettersParseAndFallBack() {
        DaganConfig config = DaganConfig.of(Map.of(
                "d1", "500ms", "d2", "2s", "d3", "1m", "d4", "250", "d5", "1.5s",
                "b1", "true", "b2", "off", "l", " a, b ,,c ", "size", "16MiB", "n", "0.25"));
        assertEquals(Duration.ofMillis(500), config.getDuration("d1", Duration.ZERO));
        assertEquals(Duration.ofSeconds(2), config.getDuration("d2", Duration.ZERO));
        assertEquals(Duration.ofMinutes(1), config.getDuration("d3", Duration.ZERO));
        assertEquals(Duration.ofMillis(250), config.getDuration("d4", Duration.ZERO));
        assertEquals(Duration.ofMillis(1500), config.getDuration("d5", Duration.ZERO));
        assertEquals(Duration.ofHours(3), config.getDuration("unset", Duration.ofHours(3)));
        assertTrue(config.getBoolean("b1", false));
        assertFalse(config.getBoolean("b2", true));
        assertEquals(List.of("a", "b", "c"), config.getList("l"));
        assertEquals(List.of(), config.getList("unset"));
        assertEquals(16L * 1024 * 1024, config.getBytes("size", 0));
        assertEquals(0.25, config.getDouble("n", 1.0));
        assertEquals(7, config.getInt("unset", 7));
    }

    @Test
    void rangeCheckedIntegerNamesTheRange() {
        DaganConfig config = DaganConfig.of(Map.of("http.port", "70000"));
        ConfigException e = assertThrows(ConfigException.class, () -> config.getInt("http.port", 8080, 0, 65535));
        assertTrue(e.getMessage().contains("http.port=70000 is not between 0 and 65535"), e.getMessage());
    }

    @Test
    void withPrefixStripsThePrefix() {
        DaganConfig config = DaganConfig.of(Map.of(
                "kafka.bootstrap.servers", "b:9092", "kafka.linger.ms", "7", "kafkaesque", "no", "s3.bucket", "x"));
        assertEquals(Map.of("bootstrap.servers", "b:9092", "linger.ms", "7"), config.withPrefix("kafka."));
    }

    @Test
    void subsetKeepsFullKeysInMessages() {
        DaganConfig config = DaganConfig.builder().env(Map.of("DAGAN_WORKER_DEPTH_THREADS", "many")).build();
        DaganConfig worker = config.subset("worker.depth.");
        ConfigException bad = assertThrows(ConfigException.class, () -> worker.getInt("threads", 1));
        assertTrue(bad.getMessage().contains("worker.depth.threads=many"), bad.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> worker.required("model"));
        assertTrue(missing.getMessage().contains("worker.depth.model"), missing.getMessage());
        assertTrue(missing.getMessage().contains("DAGAN_WORKER_DEPTH_MODEL"), missing.getMessage());
    }

    @Test
    void secretsAreMaskedWhereverValuesArePrinted() {
        DaganConfig config = DaganConfig.builder()
                .env(Map.of("DAGAN_S3_SECRET_KEY", "hunter2", "DAGAN_S3_ACCESS_KEY", "AKIA123",
                        "DAGAN_KAFKA_SASL_JAAS_CONFIG", "user=\"a\" password=\"pw\"", "DAGAN_API_TOKEN", "t0k3nv4l",
                        "DAGAN_DB_PASSWORD", "42x"))
                .override("s3.bucket", "dagan")
                .build();
        for (String printed : List.of(config.toString(), config.describe())) {
            for (String secret : List.of("hunter2", "AKIA123", "pw", "t0k3nv4l", "42x")) {
                assertFalse(printed.contains(secret), "leaked " + secret + " in " + printed);
            }
            assertTrue(printed.contains("s3.bucket"), printed);
            assertTrue(printed.contains("dagan"), printed);
            assertTrue(printed.contains(Secrets.MASK), printed);
        }
        assertTrue(config.describe().contains("s3.secret.key = ******  (from env DAGAN_S3_SECRET_KEY)"), config.describe());
        ConfigException e = assertThrows(ConfigException.class, () -> config.getInt("db.password", 0));
        assertFalse(e.getMessage().contains("42x"), e.getMessage());
        assertEquals("hunter2", config.required("s3.secret.key"), "getters return the real value");
    }

    @Test
    void blankValuesCountAsUnsetAndWithOverrides() {
        DaganConfig config = DaganConfig.builder()
                .defaults(Map.of("a", "1"))
                .env(Map.of("DAGAN_B", "  "))
                .build();
        assertFalse(config.has("b"));
        DaganConfig changed = config.with("a", "2").with("c", "3");
        assertEquals("2", changed.required("a"));
        assertEquals(ConfigOrigin.OVERRIDE, changed.origin("a").orElseThrow());
        assertEquals("1", config.required("a"), "the original is unchanged");
        assertFalse(changed.with("c", "").has("c"));
    }

    @Test
    void durationAndSizeParsersRejectGarbageClearly() {
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> Durations.parse("2 weeks"));
        assertTrue(d.getMessage().contains("500ms"), d.getMessage());
        assertEquals(Duration.ofSeconds(90), Durations.parse("PT1M30S"));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
        assertEquals(5_000_000L, ByteSizes.parse("5MB"));
        assertEquals(2048L, ByteSizes.parse("2k"));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("lots"));
    }
}
