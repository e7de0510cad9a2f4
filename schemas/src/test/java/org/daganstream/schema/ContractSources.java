package org.daganstream.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/** The schema files of this module as plain Avro sees them, independent of the generated classes. */
final class ContractSources {

  /** Surefire runs in the module folder. */
  static final Path AVRO_DIR = Path.of("src", "main", "avro");
  static final Path HISTORY_DIR = Path.of("src", "main", "avro-history");
  /** Where the history check writes the file a schema change needs. */
  static final Path HISTORY_CANDIDATES = Path.of("target", "avro-history-candidates");

  private ContractSources() {
  }

  /** Every .avsc file, parsed together (files may reference each other), by full type name. */
  static Map<String, Schema> currentSchemas() {
    SchemaParser parser = new SchemaParser();
    Map<String, SchemaParser.ParseResult> results = new LinkedHashMap<>();
    for (Path file : avscFiles(AVRO_DIR)) {
      try {
        results.put(file.getFileName().toString(), parser.parse(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<String, Schema> byName = new LinkedHashMap<>();
    results.forEach((file, result) -> {
      Schema schema = result.mainSchema();
      String expectedFile = schema.getName() + ".avsc";
      if (!expectedFile.equals(file)) {
        throw new IllegalStateException(file + " defines " + schema.getFullName() + "; name it " + expectedFile);
      }
      byName.put(schema.getFullName(), schema);
    });
    return byName;
  }

  /** The current schema of one record, parsed from its .avsc file. */
  static Schema current(String simpleName) {
    Schema schema = currentSchemas().get("org.daganstream.avro." + simpleName);
    if (schema == null) {
      throw new IllegalArgumentException("No " + simpleName + ".avsc in " + AVRO_DIR);
    }
    return schema;
  }

  static List<Path> avscFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
