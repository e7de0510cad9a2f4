package org.daganstream.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Command-line handling of the developer main; the stack itself is covered by the other tests. */
class EmbeddedStackMainTest {

    @Test
    void defaultsWhenNoArguments() {
        EmbeddedStackMain.Options options = EmbeddedStackMain.Options.parse();
        assertNull(options.dataDir());
        assertEquals(0, options.kafkaPort());
        assertEquals(0, options.s3Port());
        assertEquals(4, options.partitions());
        assertEquals("dagan", options.bucket());
        assertFalse(options.inMemoryS3());
        assertFalse(options.help());
    }

    @Test
    void parsesEveryOption() {
        EmbeddedStackMain.Options options = EmbeddedStackMain.Options.parse("--data-dir", "/srv/dagan",
                "--kafka-port", "9092", "--s3-port", "9000", "--partitions", "8", "--bucket", "frames",
                "--in-memory-s3", "--properties-file", "stack.properties");
        assertEquals(Path.of("/srv/dagan"), options.dataDir());
        assertEquals(9092, options.kafkaPort());
        assertEquals(9000, options.s3Port());
        assertEquals(8, options.partitions());
        assertEquals("frames", options.bucket());
        assertTrue(options.inMemoryS3());
        assertEquals(Path.of("stack.properties"), options.propertiesFile());
    }

    @Test
    void badArgumentsNameTheProblem() {
        assertMessage("unknown option '--verbose'", "--verbose");
        assertMessage("--kafka-port needs a whole number, got 'abc'", "--kafka-port", "abc");
        assertMessage("--partitions must be between 1 and 10000, got 0", "--partitions", "0");
        assertMessage("--data-dir needs a value", "--data-dir");
        assertMessage("Invalid S3 bucket name 'A'", "--bucket", "A");
    }

    @Test
    void environmentNamesFollowTheConfigScheme() {
        assertEquals("DAGAN_KAFKA_BOOTSTRAP_SERVERS", EmbeddedStackMain.environmentName("kafka.bootstrap.servers"));
        assertEquals("DAGAN_S3_SECRET_KEY", EmbeddedStackMain.environmentName("s3.secret.key"));
    }

    @Test
    void propertiesLinesAreSortedAndReadBackByJavaProperties() throws Exception {
        Map<String, String> values = Map.of("s3.endpoint", "http://127.0.0.1:9000", "a.key", "C:\\dir");
        List<String> lines = EmbeddedStackMain.propertiesLines(values);
        assertEquals(List.of("a.key=C:\\\\dir", "s3.endpoint=http://127.0.0.1:9000"), lines);
        Properties loaded = new Properties();
        loaded.load(new StringReader(String.join("\n", lines)));
        assertEquals(values, loaded.stringPropertyNames().stream()
                .collect(Collectors.toMap(key -> key, loaded::getProperty)));
    }

    @Test
    void projectTopicsCompactOnlyStatusAndManifests() {
        List<TopicSpec> specs = ProjectTopics.specs(3);
        assertEquals(10, specs.size());
        assertTrue(specs.stream().allMatch(s -> s.partitions() == 3));
        assertEquals(List.of("dagan.jobs.manifests", "dagan.jobs.status"),
                specs.stream().filter(TopicSpec::isCompacted).map(TopicSpec::name).toList());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedStackMain.Options.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
