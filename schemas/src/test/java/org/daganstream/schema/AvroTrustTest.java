package org.daganstream.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.util.ClassSecurityValidator;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.JobStatus;
import org.junit.jupiter.api.Test;

class AvroTrustTest {

  @Test
  void trustsGeneratedClassesOnlyAndIsIdempotent() {
    AvroTrust.install();
    var first = ClassSecurityValidator.getGlobal();
    AvroTrust.install();
    assertSame(first, ClassSecurityValidator.getGlobal(), "a second install must not wrap again");
    assertTrue(AvroTrust.isInstalled());

    assertDoesNotThrow(() -> ClassSecurityValidator.validate(JobStatus.class));
    assertDoesNotThrow(() -> ClassSecurityValidator.validate(FrameRole.class));
    assertDoesNotThrow(() -> ClassSecurityValidator.validate(String.class), "Avro's defaults are kept");
    assertFalse(first.isTrusted(java.io.File.class));
    assertThrows(SecurityException.class, () -> ClassSecurityValidator.validate(java.io.File.class));
  }
}
