package org.daganstream.schema;

/**
 * Bytes that do not decode as the expected record. Unchecked: callers (consumers) usually route the
 * record to the dead-letter topic rather than handle the cause.
 */
public class MalformedRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What was wrong with the bytes. */
  public enum Problem {
    /** Null or zero-length value, e.g. a tombstone handed to a record decoder. */
    EMPTY("empty message"),
    /** Fewer bytes than the header or the record body needs. */
    TRUNCATED("truncated message"),
    /** The first two bytes are not the single-object marker C3 01. */
    BAD_MAGIC("bad magic bytes (not Avro single-object encoding)"),
    /** The header's schema fingerprint matches no current or historical writer schema. */
    UNKNOWN_FINGERPRINT("unknown schema fingerprint"),
    /** The body does not follow the writer schema (bad union index, negative length, ...). */
    CORRUPT_BODY("corrupt record body"),
    /** Bytes left over after a complete record. */
    TRAILING_BYTES("trailing bytes after the record");

    private final String description;

    Problem(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final String recordType;
  private final Problem problem;
  private final int length;

  public MalformedRecordException(String recordType, Problem problem, int length, String detail, Throwable cause) {
    super("Malformed " + recordType + " message: " + problem.description() + " (" + length + " bytes)"
        + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
    this.recordType = recordType;
    this.problem = problem;
    this.length = length;
  }

  /** Simple name of the record type the bytes were expected to hold, e.g. {@code FrameDescriptor}. */
  public String recordType() {
    return recordType;
  }

  public Problem problem() {
    return problem;
  }

  /** Length of the rejected message in bytes (0 for null). */
  public int length() {
    return length;
  }
}
