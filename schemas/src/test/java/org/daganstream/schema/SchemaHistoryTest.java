package org.daganstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The schema history is complete and every historical writer stays readable by the current schema. */
class SchemaHistoryTest {

  @TestFactory
  Stream<DynamicTest> currentSchemaReadsEveryHistoricalWriter() {
    return WireCodecs.MESSAGE_TYPES.stream().flatMap(type -> {
      WireCodec<?> codec = WireCodecs.forType(type);
      return codec.history().stream().map(version -> DynamicTest.dynamicTest(
          codec.schema().getName() + " reads v" + version.number(),
          () -> assertReadable(codec.schema(), version)));
    });
  }

  @Test
  void compatibilityCheckNamesRecordVersionAndIncompatibility() {
    // A reader that adds a field without a default cannot read the old writer: the check must say so.
    Schema writer = SchemaBuilder.record("Example").namespace("org.daganstream.avro").fields()
        .requiredString("jobId").endRecord();
    Schema reader = SchemaBuilder.record("Example").namespace("org.daganstream.avro").fields()
        .requiredString("jobId").requiredInt("frameCount").endRecord();
    String problem = incompatibility(reader, new SchemaHistory.Version(3, "avro-history/Example/v3.avsc", writer));
    assertTrue(problem.contains("Example") && problem.contains("v3") && problem.contains("frameCount"), problem);
    assertEquals("", incompatibility(writer, new SchemaHistory.Version(3, "v3", reader)),
        "dropping a field is a compatible change");
  }

  @Test
  void everyMessageTypeHasAHistoryEndingWithTheCurrentSchema() throws IOException {
    List<String> stale = new java.util.ArrayList<>();
    for (Class<? extends SpecificRecord> type : WireCodecs.MESSAGE_TYPES) {
      WireCodec<?> codec = WireCodecs.forType(type);
      String name = codec.schema().getName();
      List<SchemaHistory.Version> history = codec.history();
      Schema current = ContractSources.current(name);
      long currentFingerprint = SchemaNormalization.parsingFingerprint64(current);
      if (history.isEmpty() || SchemaNormalization.parsingFingerprint64(history.get(history.size() - 1).schema())
          != currentFingerprint) {
        int next = history.isEmpty() ? 1 : history.get(history.size() - 1).number() + 1;
        Path candidate = ContractSources.HISTORY_CANDIDATES.resolve(name).resolve("v" + next + ".avsc");
        Files.createDirectories(candidate.getParent());
        Files.writeString(candidate, SchemaFormatter.format("json/pretty", current) + "\n");
        stale.add(name + " changed since its last recorded version; after checking compatibility, copy " + candidate
            + " to " + ContractSources.HISTORY_DIR.resolve(name).resolve("v" + next + ".avsc"));
        continue;
      }
      // The generated class must match the .avsc it came from (a stale build would not).
      assertEquals(currentFingerprint, SchemaNormalization.parsingFingerprint64(codec.schema()), name);
    }
    if (!stale.isEmpty()) {
      fail(String.join("\n", stale));
    }
  }

  @Test
  void everyHistoryFileIsLoadedAndBelongsToAMessageType() throws IOException {
    Set<String> messageNames = WireCodecs.MESSAGE_TYPES.stream()
        .map(t -> WireCodecs.forType(t).schema().getName()).collect(Collectors.toCollection(TreeSet::new));
    try (Stream<Path> folders = Files.list(ContractSources.HISTORY_DIR)) {
      for (Path folder : folders.toList()) {
        String name = folder.getFileName().toString();
        assertTrue(messageNames.contains(name), "history folder " + folder + " matches no message type");
        Set<String> files = ContractSources.avscFiles(folder).stream()
            .map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> loaded = SchemaHistory.load(name, getClass().getClassLoader()).stream()
            .map(v -> "v" + v.number() + ".avsc").collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, loaded, "history of " + name + " must be numbered without gaps");
      }
    }
  }

  @Test
  void evolutionExampleIsRealJobStatusV0LacksMissingFrames() {
    List<SchemaHistory.Version> history = WireCodecs.JOB_STATUS.history();
    assertEquals(0, history.get(0).number());
    assertEquals(null, history.get(0).schema().getField("missingFrames"));
    assertFalse(WireCodecs.JOB_STATUS.schema().getField("missingFrames").defaultVal() == null);
  }

  private static void assertReadable(Schema reader, SchemaHistory.Version version) {
    String problem = incompatibility(reader, version);
    if (!problem.isEmpty()) {
      fail(problem);
    }
  }

  /** Empty when {@code reader} can read data written with {@code version}; otherwise a full explanation. */
  static String incompatibility(Schema reader, SchemaHistory.Version version) {
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, version.schema());
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return "";
    }
    String details = result.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
        .collect(Collectors.joining("; "));
    return "Current " + reader.getName() + " cannot read v" + version.number() + " (" + version.resource()
        + "): " + details;
  }
}
