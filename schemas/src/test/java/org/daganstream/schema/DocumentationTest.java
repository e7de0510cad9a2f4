package org.daganstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Every record, enum and field in the contract explains itself. */
class DocumentationTest {

  @Test
  void everyNamedTypeAndFieldHasADoc() {
    List<String> undocumented = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Schema schema : ContractSources.currentSchemas().values()) {
      collect(schema, undocumented, seen);
    }
    assertEquals(List.of(), undocumented, "add a non-empty \"doc\" to these");
  }

  @Test
  void everySchemaIsInTheProjectNamespace() {
    for (Schema schema : ContractSources.currentSchemas().values()) {
      assertEquals("org.daganstream.avro", schema.getNamespace(), schema.getFullName());
    }
  }

  private static void collect(Schema schema, List<String> undocumented, Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        check(schema.getDoc(), schema.getFullName(), undocumented);
        for (Schema.Field field : schema.getFields()) {
          check(field.doc(), schema.getName() + "." + field.name(), undocumented);
          collect(field.schema(), undocumented, seen);
        }
      }
      case ENUM, FIXED -> {
        if (seen.add(schema.getFullName())) {
          check(schema.getDoc(), schema.getFullName(), undocumented);
        }
      }
      case ARRAY -> collect(schema.getElementType(), undocumented, seen);
      case MAP -> collect(schema.getValueType(), undocumented, seen);
      case UNION -> schema.getTypes().forEach(branch -> collect(branch, undocumented, seen));
      default -> {
      }
    }
  }

  private static void check(String doc, String what, List<String> undocumented) {
    if (doc == null || doc.isBlank()) {
      undocumented.add(what);
    }
  }
}
