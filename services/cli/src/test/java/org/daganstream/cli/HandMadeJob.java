package org.daganstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.ImageSize;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.MotionOptions;
import org.daganstream.common.Topics;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.schema.WireCodecs;

/**
 * A job put on the topics the way ingest would (manifest + decoded frame descriptors + frame blobs), with frames
 * taken from the tiny-parity fixture, so a test can withhold one frame's blob and make the depth stage dead-letter
 * it.
 */
final class HandMadeJob {

    private final String jobId;
    private final int frameCount;
    private final Tensor source;
    private final Tensor[] frames;

    HandMadeJob(String jobId, int frameCount) {
        this.jobId = jobId;
        this.frameCount = frameCount;
        Path parity = TestPaths.fixtures().resolve("tiny-parity");
        this.source = Npy.readFloat32(parity.resolve("source.npy")).slice(0);
        Tensor driving = Npy.readFloat32(parity.resolve("driving.npy"));
        this.frames = new Tensor[frameCount];
        for (int i = 0; i < frameCount; i++) {
            frames[i] = driving.slice(i % driving.dim(0));
        }
    }

    String frameKey(int index) {
        return org.daganstream.common.blob.BlobKeys.frame(jobId, index);
    }

    byte[] frameBlob(int index) {
        return Npy.write(frames[index]);
    }

    /** Uploads the blobs (except {@code withheld}, -1 for none) and publishes manifest and descriptors. */
    void publish(DaganConfig config, BlobStore blobs, String bundleId, int withheld) throws Exception {
        blobs.put(org.daganstream.common.blob.BlobKeys.sourceImage(jobId), Npy.write(source));
        for (int i = 0; i < frameCount; i++) {
            if (i != withheld) {
                blobs.put(frameKey(i), frameBlob(i));
            }
        }
        long now = System.currentTimeMillis();
        ImageSize size = new ImageSize(256, 256);
        JobManifest manifest = JobManifest.newBuilder().setJobId(jobId).setModelBundleId(bundleId)
                .setFrameCount(frameCount).setFps(25.0).setSourceSize(size).setDrivingSize(size).setImageSize(size)
                .setHasAudio(false).setSourceKey(org.daganstream.common.blob.BlobKeys.sourceImage(jobId))
                .setOptions(JobOptions.newBuilder().build()).setCreatedAt(Instant.ofEpochMilli(now)).build();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, "test-hand-made-job")) {
            send(producer, Topics.JOB_MANIFESTS, jobId, WireCodecs.JOB_MANIFEST.encode(manifest));
            send(producer, Topics.FRAMES_DECODED, FrameKeys.source(jobId),
                    WireCodecs.FRAME_DESCRIPTOR.encode(descriptor(-1, bundleId, now)));
            for (int i = 0; i < frameCount; i++) {
                send(producer, Topics.FRAMES_DECODED, FrameKeys.frame(jobId, i),
                        WireCodecs.FRAME_DESCRIPTOR.encode(descriptor(i, bundleId, now)));
            }
        }
    }

    private FrameDescriptor descriptor(int index, String bundleId, long now) {
        String blob = index < 0 ? org.daganstream.common.blob.BlobKeys.sourceImage(jobId) : frameKey(index);
        return FrameDescriptor.newBuilder().setJobId(jobId).setFrameIndex(index).setFrameCount(frameCount)
                .setRole(index < 0 ? FrameRole.SOURCE : FrameRole.DRIVING).setModelBundleId(bundleId)
                .setBlobs(BlobKeys.newBuilder().setFrame(blob).build())
                .setMotion(MotionOptions.newBuilder().build())
                .setStageTimestamps(Map.of("ingest", now)).build();
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value))
                .get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    }
}
