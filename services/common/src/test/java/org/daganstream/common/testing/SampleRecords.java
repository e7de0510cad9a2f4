package org.daganstream.common.testing;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Keypoints;
import org.daganstream.avro.ObjectRef;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.common.blob.BlobKeys;

/** One populated record of each message type, for tests that move records through real topics. */
public final class SampleRecords {

    public static final Instant WHEN = Instant.ofEpochMilli(1_767_225_600_123L);

    private SampleRecords() {
    }

    public static JobRequest jobRequest(String jobId) {
        return JobRequest.newBuilder()
                .setJobId(jobId)
                .setSource(new ObjectRef("dagan", BlobKeys.upload(jobId, "face.png")))
                .setDriving(new ObjectRef("dagan", BlobKeys.upload(jobId, "drive.mp4")))
                .setSubmittedAt(WHEN)
                .build();
    }

    public static JobManifest jobManifest(String jobId) {
        return JobManifest.newBuilder()
                .setJobId(jobId)
                .setModelBundleId("tiny")
                .setFrameCount(3)
                .setFps(25.0)
                .setSourceSize(new ImageSize(512, 512))
                .setDrivingSize(new ImageSize(640, 480))
                .setImageSize(new ImageSize(256, 256))
                .setSourceKey(BlobKeys.sourceImage(jobId))
                .setCreatedAt(WHEN)
                .build();
    }

    public static Keypoints keypoints(int numKp) {
        List<Float> value = new ArrayList<>();
        List<Float> jacobian = new ArrayList<>();
        for (int k = 0; k < numKp; k++) {
            value.add(k / 20f);
            value.add(-k / 20f);
            jacobian.addAll(List.of(1f, 0f, 0f, 1f));
        }
        return new Keypoints(numKp, value, jacobian);
    }

    public static FrameDescriptor frameDescriptor(String jobId, int frameIndex) {
        return FrameDescriptor.newBuilder()
                .setJobId(jobId)
                .setFrameIndex(frameIndex)
                .setFrameCount(3)
                .setRole(frameIndex < 0 ? FrameRole.SOURCE : FrameRole.DRIVING)
                .setModelBundleId("tiny")
                .setBlobs(org.daganstream.avro.BlobKeys.newBuilder()
                        .setFrame(frameIndex < 0 ? BlobKeys.sourceImage(jobId) : BlobKeys.frame(jobId, frameIndex))
                        .setDepth(frameIndex < 0 ? BlobKeys.sourceDepth(jobId) : BlobKeys.depth(jobId, frameIndex))
                        .build())
                .setKeypoints(keypoints(15))
                .setStageTimestamps(Map.of("ingest", WHEN.toEpochMilli()))
                .build();
    }

    public static JobStatus jobStatus(String jobId) {
        return JobStatus.newBuilder()
                .setJobId(jobId)
                .setState(JobState.PROCESSING)
                .setFramesDone(1)
                .setFrameCount(3)
                .setUpdatedAt(WHEN)
                .build();
    }

    public static Reenactment reenactment(String jobId) {
        return Reenactment.newBuilder()
                .setJobId(jobId)
                .setOutcome(ReenactmentOutcome.SUCCEEDED)
                .setVideoKey(BlobKeys.result(jobId, "reenactment.mp4"))
                .setFrameCount(3)
                .setFps(25.0)
                .setFinishedAt(WHEN)
                .build();
    }

    public static DeadLetterFrame deadLetterFrame(String jobId) {
        return DeadLetterFrame.newBuilder()
                .setStage("depth-worker")
                .setSourceTopic("dagan.frames.decoded")
                .setSourcePartition(0)
                .setSourceOffset(12)
                .setRecordKey(jobId + "/2")
                .setErrorClass(IllegalStateException.class.getName())
                .setErrorMessage("inference failed")
                .setAttempts(3)
                .setFailedAt(WHEN)
                .setDescriptor(frameDescriptor(jobId, 2))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .build();
    }
}
