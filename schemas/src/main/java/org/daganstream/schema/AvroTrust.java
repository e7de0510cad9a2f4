package org.daganstream.schema;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro instantiate this project's generated classes when decoding.
 *
 * <p>Avro 1.12 only instantiates classes that its {@link ClassSecurityValidator} trusts (by default
 * a few java.lang types plus whatever the {@code org.apache.avro.SERIALIZABLE_PACKAGES} system
 * property named at JVM start). {@link #install()} widens the global predicate with the generated
 * package {@value #TRUSTED_PACKAGE} and nothing else. It is idempotent and thread-safe; {@link WireCodec}
 * calls it, so code that decodes through a codec never needs to call it directly.
 */
public final class AvroTrust {

  /** The package holding the generated record classes. */
  public static final String TRUSTED_PACKAGE = "org.daganstream.avro";

  /** Marker type so a second install can see the first one in the global predicate. */
  private record GeneratedRecordsPredicate(ClassSecurityPredicate previous) implements ClassSecurityPredicate {
    @Override
    public boolean isTrusted(Class<?> type) {
      return TRUSTED_PACKAGE.equals(type.getPackageName()) || previous.isTrusted(type);
    }
  }

  private AvroTrust() {
  }

  /** Adds the generated package to Avro's trusted classes, keeping everything already trusted. */
  public static synchronized void install() {
    ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
    if (!(current instanceof GeneratedRecordsPredicate)) {
      ClassSecurityValidator.setGlobal(new GeneratedRecordsPredicate(current));
    }
  }

  /** True when Avro currently trusts the generated classes (install ran and was not replaced since). */
  public static boolean isInstalled() {
    return ClassSecurityValidator.getGlobal() instanceof GeneratedRecordsPredicate;
  }
}
