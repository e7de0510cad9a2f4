package org.daganstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.OutputFormat;
import org.daganstream.avro.ObjectRef;
import org.daganstream.schema.MalformedRecordException.Problem;
import org.junit.jupiter.api.Test;

class WireCodecTest {

  private static final WireCodec<FrameDescriptor> FRAMES = WireCodecs.FRAME_DESCRIPTOR;

  @Test
  void roundTripsEveryMessageType() {
    for (var record : SampleRecords.all()) {
      @SuppressWarnings("unchecked")
      WireCodec<org.apache.avro.specific.SpecificRecord> codec =
          (WireCodec<org.apache.avro.specific.SpecificRecord>) WireCodecs.forType(record.getClass());
      var decoded = codec.decode(codec.encode(record));
      assertEquals(record, decoded, record.getSchema().getName());
    }
  }

  @Test
  void decodedStringsAreJavaStringsAndTimestampsInstants() {
    JobRequest decoded = WireCodecs.JOB_REQUEST.decode(WireCodecs.JOB_REQUEST.encode(SampleRecords.jobRequest()));
    Object jobId = decoded.get("jobId");
    assertEquals(String.class, jobId.getClass());
    assertEquals(SampleRecords.WHEN, decoded.getSubmittedAt());
  }

  @Test
  void omittedOptionsTakeTheirDocumentedDefaults() {
    JobRequest minimal = JobRequest.newBuilder().setJobId("j").setSource(new ObjectRef("b", "s.png"))
        .setDriving(new ObjectRef("b", "d.mp4")).setSubmittedAt(SampleRecords.WHEN).build();
    JobRequest decoded = WireCodecs.JOB_REQUEST.decode(WireCodecs.JOB_REQUEST.encode(minimal));
    assertTrue(decoded.getOptions().getRelativeMotion());
    assertTrue(decoded.getOptions().getAdaptScale());
    assertEquals(0, decoded.getOptions().getAnchorFrame());
    assertEquals(OutputFormat.MP4, decoded.getOptions().getOutputFormat());
    assertEquals(null, decoded.getModelBundleId());
  }

  @Test
  void forTypeReturnsTheSharedInstance() {
    assertSame(WireCodecs.JOB_STATUS, WireCodecs.forType(JobStatus.class));
  }

  @Test
  void messageWrittenWithOldSchemaDecodesIntoCurrentClass() throws java.io.IOException {
    // JobStatus v0 predates missingFrames; its messages must decode with the field's default.
    Schema v0 = WireCodecs.JOB_STATUS.history().get(0).schema();
    GenericRecord old = new GenericData.Record(v0);
    old.put("jobId", "job-7");
    old.put("state", new GenericData.EnumSymbol(v0.getField("state").schema(), "PROCESSING"));
    old.put("framesDone", 10);
    old.put("frameCount", 20);
    old.put("reason", null);
    old.put("updatedAt", SampleRecords.WHEN.toEpochMilli());
    byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old));

    JobStatus decoded = WireCodecs.JOB_STATUS.decode(bytes);

    assertEquals("job-7", decoded.getJobId());
    assertEquals(JobState.PROCESSING, decoded.getState());
    assertEquals(10, decoded.getFramesDone());
    assertEquals(List.of(), decoded.getMissingFrames());
    assertEquals(SampleRecords.WHEN, decoded.getUpdatedAt());
  }

  @Test
  void encodingWithMissingRequiredFieldNamesTheRecord() {
    FrameDescriptor incomplete = new FrameDescriptor(); // all-args fields left null, bypassing the builder
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FRAMES.encode(incomplete));
    assertTrue(e.getMessage().startsWith("Cannot encode FrameDescriptor"), e.getMessage());
  }

  @Test
  void rejectsNullAndEmpty() {
    assertMalformed(null, Problem.EMPTY, 0);
    assertMalformed(new byte[0], Problem.EMPTY, 0);
  }

  @Test
  void rejectsBadMagic() {
    byte[] bytes = valid();
    bytes[1] = 0x02;
    assertMalformed(bytes, Problem.BAD_MAGIC, bytes.length);
    assertMalformed("{\"jobId\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Problem.BAD_MAGIC, 13);
  }

  @Test
  void rejectsTruncatedHeaderAndBody() {
    byte[] bytes = valid();
    assertMalformed(Arrays.copyOf(bytes, 6), Problem.TRUNCATED, 6);
    assertMalformed(Arrays.copyOf(bytes, bytes.length - 3), Problem.TRUNCATED, bytes.length - 3);
  }

  @Test
  void rejectsUnknownFingerprint() {
    byte[] bytes = valid();
    ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1234_5678_9ABC_DEF0L);
    MalformedRecordException e = assertMalformed(bytes, Problem.UNKNOWN_FINGERPRINT, bytes.length);
    assertTrue(e.getMessage().contains("0x123456789ABCDEF0"), e.getMessage());
  }

  @Test
  void rejectsMessageOfAnotherRecordType() {
    byte[] status = WireCodecs.JOB_STATUS.encode(SampleRecords.jobStatus());
    assertMalformed(status, Problem.UNKNOWN_FINGERPRINT, status.length);
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] bytes = Arrays.copyOf(valid(), valid().length + 2);
    assertMalformed(bytes, Problem.TRAILING_BYTES, bytes.length);
  }

  @Test
  void rejectsCorruptBody() {
    // Header of a FrameDescriptor, then a negative string length where jobId starts.
    byte[] bytes = Arrays.copyOf(valid(), 12);
    bytes[10] = 0x01; // zig-zag -1
    bytes[11] = 0x00;
    assertMalformed(bytes, Problem.CORRUPT_BODY, 12);
  }

  @Test
  void hugeLengthInBodyIsRejectedWithoutAllocatingIt() {
    byte[] bytes = Arrays.copyOf(valid(), 15);
    // zig-zag varint for about one billion as the jobId length
    byte[] huge = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    System.arraycopy(huge, 0, bytes, 10, huge.length);
    MalformedRecordException e = assertMalformed(bytes, Problem.CORRUPT_BODY, 15);
    assertTrue(e.getMessage().contains("FrameDescriptor.jobId"), e.getMessage());
  }

  @Test
  void hugeArrayCountInBodyIsRejected() {
    // A JobStatus whose missingFrames array claims a billion entries.
    JobStatus status = SampleRecords.jobStatus();
    status.setReason(null);
    status.setMissingFrames(List.of());
    byte[] valid = WireCodecs.JOB_STATUS.encode(status);
    // Body: jobId, state, framesDone, frameCount, reason branch 0, then the array count (0) we replace.
    int countAt = valid.length - 1 - 6; // the timestamp takes 6 bytes, the empty array 1
    byte[] bytes = new byte[valid.length + 4];
    System.arraycopy(valid, 0, bytes, 0, countAt);
    byte[] huge = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    System.arraycopy(huge, 0, bytes, countAt, huge.length);
    System.arraycopy(valid, countAt + 1, bytes, countAt + huge.length, valid.length - countAt - 1);
    MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> WireCodecs.JOB_STATUS.decode(bytes));
    assertEquals(Problem.CORRUPT_BODY, e.problem(), e.getMessage());
    assertTrue(e.getMessage().contains("JobStatus.missingFrames"), e.getMessage());
  }

  @Test
  void randomlyDamagedMessagesDecodeOrFailAsMalformed() {
    // Whatever the damage, callers see either a record or MalformedRecordException, nothing else.
    java.util.Random random = new java.util.Random(20240611L);
    byte[] valid = WireCodecs.DEAD_LETTER_FRAME.encode(SampleRecords.deadLetterFrame());
    int malformed = 0;
    for (int i = 0; i < 1000; i++) {
      byte[] damaged = random.nextInt(4) == 0
          ? Arrays.copyOf(valid, HEADER + random.nextInt(valid.length - HEADER))
          : valid.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        damaged[HEADER + random.nextInt(damaged.length - HEADER)] = (byte) random.nextInt(256);
      }
      try {
        WireCodecs.DEAD_LETTER_FRAME.decode(damaged);
      } catch (MalformedRecordException e) {
        malformed++;
      }
    }
    assertTrue(malformed > 50, "most damage must be detected, saw " + malformed);
  }

  private static final int HEADER = WireCodec.HEADER_LENGTH;

  private static byte[] valid() {
    return FRAMES.encode(SampleRecords.frameDescriptor());
  }

  private static MalformedRecordException assertMalformed(byte[] bytes, Problem problem, int length) {
    MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> FRAMES.decode(bytes));
    assertEquals(problem, e.problem(), e.getMessage());
    assertEquals("FrameDescriptor", e.recordType());
    assertEquals(length, e.length());
    assertTrue(e.getMessage().contains("FrameDescriptor") && e.getMessage().contains(length + " bytes")
        && e.getMessage().contains(problem.description()), e.getMessage());
    return e;
  }

  private static byte[] toBytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
