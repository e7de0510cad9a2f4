package org.daganstream.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;

/**
 * Previous writer schemas of one record, read from classpath resources
 * {@code avro-history/<Record>/v<N>.avsc} (source folder {@code schemas/src/main/avro-history}).
 *
 * <p>Versions are numbered consecutively from v0 or v1; loading stops at the first gap. Each file is
 * self-contained (all named types inlined) so it parses on its own.
 */
public final class SchemaHistory {

  /** Resource folder holding one sub-folder per record. */
  public static final String RESOURCE_ROOT = "avro-history";

  /** One historical writer schema. */
  public record Version(int number, String resource, Schema schema) {
  }

  private SchemaHistory() {
  }

  /** Resource path of version {@code number} of {@code recordName}. */
  public static String resource(String recordName, int number) {
    return RESOURCE_ROOT + "/" + recordName + "/v" + number + ".avsc";
  }

  /** All versions of {@code recordName}, oldest first; empty when the record has no history folder. */
  public static List<Version> load(String recordName, ClassLoader loader) {
    List<Version> versions = new ArrayList<>();
    for (int number = 0; ; number++) {
      String resource = resource(recordName, number);
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          if (number == 0) {
            continue; // v0 is optional: most histories start at v1
          }
          return versions;
        }
        versions.add(new Version(number, resource, parse(resource, in)));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read schema history resource " + resource, e);
      }
    }
  }

  private static Schema parse(String resource, InputStream in) throws IOException {
    try {
      // A fresh parser per file: history files must not depend on each other.
      SchemaParser parser = new SchemaParser();
      return parser.parse(in).mainSchema();
    } catch (SchemaParseException e) {
      throw new IllegalStateException("Invalid schema history resource " + resource + ": " + e.getMessage(), e);
    }
  }
}
