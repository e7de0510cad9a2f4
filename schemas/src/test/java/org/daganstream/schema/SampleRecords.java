package org.daganstream.schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Keypoints;
import org.daganstream.avro.MotionOptions;
import org.daganstream.avro.ObjectRef;
import org.daganstream.avro.OutputFormat;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;

/** Fully populated records of every message type, with non-default values wherever possible. */
final class SampleRecords {

  static final Instant WHEN = Instant.ofEpochMilli(1_767_225_600_123L);

  private SampleRecords() {
  }

  static List<SpecificRecord> all() {
    return List.of(jobRequest(), jobManifest(), frameDescriptor(), jobStatus(), reenactment(), deadLetterFrame());
  }

  static JobRequest jobRequest() {
    return JobRequest.newBuilder()
        .setJobId("job-42")
        .setSource(new ObjectRef("dagan", "uploads/job-42/face.png"))
        .setDriving(new ObjectRef("dagan", "uploads/job-42/drive.mp4"))
        .setOptions(JobOptions.newBuilder().setRelativeMotion(false).setAnchorFrame(3)
            .setOutputFormat(OutputFormat.PNG_FRAMES).setSideBySide(true).setPriority(5)
            .setCallbackMetadata(Map.of("user", "ada")).build())
        .setModelBundleId("vox-kp15-resnet50")
        .setSubmittedAt(WHEN)
        .build();
  }

  static JobManifest jobManifest() {
    return JobManifest.newBuilder()
        .setJobId("job-42")
        .setModelBundleId("vox-kp15-resnet50")
        .setFrameCount(250)
        .setFps(29.97)
        .setSourceSize(new ImageSize(512, 640))
        .setDrivingSize(new ImageSize(1280, 720))
        .setImageSize(new ImageSize(256, 256))
        .setHasAudio(true)
        .setAudioKey("jobs/job-42/audio/track.aac")
        .setSourceKey("jobs/job-42/source/image")
        .setOptions(jobRequest().getOptions())
        .setCreatedAt(WHEN)
        .build();
  }

  static Keypoints keypoints(int numKp, float offset) {
    List<Float> value = new ArrayList<>();
    List<Float> jacobian = new ArrayList<>();
    for (int k = 0; k < numKp; k++) {
      value.add(offset + k / 100f);
      value.add(-offset - k / 100f);
      jacobian.addAll(List.of(1f, 0.1f * k, -0.1f * k, 1f));
    }
    return new Keypoints(numKp, value, jacobian);
  }

  static FrameDescriptor frameDescriptor() {
    return FrameDescriptor.newBuilder()
        .setJobId("job-42")
        .setFrameIndex(17)
        .setFrameCount(250)
        .setRole(FrameRole.DRIVING)
        .setModelBundleId("vox-kp15-resnet50")
        .setBlobs(BlobKeys.newBuilder().setFrame("jobs/job-42/frames/000017").setDepth("jobs/job-42/depth/000017")
            .build())
        .setKeypoints(keypoints(15, 0.25f))
        .setSourceKeypoints(keypoints(15, 0.5f))
        .setDrivingKeypoints(keypoints(15, 0.125f))
        .setMotion(new MotionOptions(true, false, 2))
        .setAttempt(1)
        .setStageTimestamps(Map.of("ingest", WHEN.toEpochMilli(), "depth", WHEN.toEpochMilli() + 40))
        .build();
  }

  static JobStatus jobStatus() {
    return JobStatus.newBuilder()
        .setJobId("job-42")
        .setState(JobState.STALLED)
        .setFramesDone(248)
        .setFrameCount(250)
        .setReason("2 frames failed in generator-worker; replay dagan.frames.dlq to finish")
        .setMissingFrames(List.of(17, 180))
        .setUpdatedAt(WHEN)
        .build();
  }

  static Reenactment reenactment() {
    return Reenactment.newBuilder()
        .setJobId("job-42")
        .setOutcome(ReenactmentOutcome.SUCCEEDED)
        .setVideoKey("results/job-42/reenactment.mp4")
        .setFrameCount(250)
        .setFps(29.97)
        .setHasAudio(true)
        .setCallbackMetadata(Map.of("user", "ada"))
        .setStageTimings(Map.of("depth", 12_000L, "generator", 95_000L))
        .setFinishedAt(WHEN)
        .build();
  }

  static DeadLetterFrame deadLetterFrame() {
    return DeadLetterFrame.newBuilder()
        .setStage("generator-worker")
        .setSourceTopic("dagan.frames.motion")
        .setSourcePartition(3)
        .setSourceOffset(123_456_789_012L)
        .setRecordKey("job-42/17")
        .setErrorClass("ai.onnxruntime.OrtException")
        .setErrorMessage("out of memory")
        .setAttempts(4)
        .setFailedAt(WHEN)
        .setDescriptor(frameDescriptor())
        .setOriginalValue(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xC3, 1, 2, 3}))
        .build();
  }
}
