package org.daganstream.assembler.tracking;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.daganstream.assembler.AssemblerMetrics;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.Reenactment;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.kafka.DeadLetters;
import org.daganstream.schema.WireCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step for every input topic: decodes and checks each record, re-keys good ones by job id as a
 * {@link JobEvent} (for repartitioning), and turns bad ones (undecodable bytes, impossible values) into a
 * {@link DeadLetterFrame} for the dead-letter topic, so one bad record never stops the partition. Outputs are
 * either {@code JobEvent} or {@code DeadLetterFrame}; the topology splits them by type.
 */
public final class Ingress implements Processor<String, byte[], String, Object> {

    public static final String STAGE = "assembler";

    private static final Logger LOG = LoggerFactory.getLogger(Ingress.class);

    private final JobEvent.Kind kind;
    private final AssemblerMetrics metrics;
    private ProcessorContext<String, Object> context;

    public Ingress(JobEvent.Kind kind, AssemblerMetrics metrics) {
        this.kind = kind;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            // A tombstone (e.g. a deleted manifest on the compacted topic): nothing to track.
            return;
        }
        FrameDescriptor frame = null;
        try {
            String jobId = switch (kind) {
                case FRAME -> {
                    frame = WireCodecs.FRAME_DESCRIPTOR.decode(bytes);
                    yield checkFrame(frame);
                }
                case MANIFEST -> checkManifest(WireCodecs.JOB_MANIFEST.decode(bytes));
                case RESULT -> checkResult(WireCodecs.REENACTMENT.decode(bytes));
            };
            context.forward(record.withKey(jobId).withValue(new JobEvent(kind, bytes)));
        } catch (RuntimeException e) {
            deadLetter(record, frame, e);
        }
    }

    private static String checkFrame(FrameDescriptor f) {
        String jobId = BlobKeys.jobId(f.getJobId());
        if (f.getRole() != FrameRole.DRIVING) {
            throw new IllegalArgumentException("frame " + f.getFrameIndex() + " of job " + jobId + " has role "
                    + f.getRole() + "; only DRIVING frames are generated");
        }
        if (f.getFrameCount() < 1) {
            throw new IllegalArgumentException("frame " + f.getFrameIndex() + " of job " + jobId + " has frameCount "
                    + f.getFrameCount() + "; expected at least 1");
        }
        if (f.getFrameIndex() < 0 || f.getFrameIndex() >= f.getFrameCount()) {
            throw new IllegalArgumentException("frame index " + f.getFrameIndex() + " of job " + jobId
                    + " is outside 0.." + (f.getFrameCount() - 1));
        }
        if (f.getBlobs() == null || f.getBlobs().getGenerated() == null) {
            throw new IllegalArgumentException("frame " + f.getFrameIndex() + " of job " + jobId
                    + " has no generated blob key; it did not pass the generator");
        }
        return jobId;
    }

    private static String checkManifest(JobManifest m) {
        String jobId = BlobKeys.jobId(m.getJobId());
        if (m.getFrameCount() < 1) {
            throw new IllegalArgumentException("manifest of job " + jobId + " has frameCount " + m.getFrameCount()
                    + "; expected at least 1");
        }
        if (!(m.getFps() > 0) || Double.isInfinite(m.getFps())) {
            throw new IllegalArgumentException("manifest of job " + jobId + " has fps " + m.getFps()
                    + "; expected a positive number");
        }
        return jobId;
    }

    private static String checkResult(Reenactment r) {
        return BlobKeys.jobId(r.getJobId());
    }

    private void deadLetter(Record<String, byte[]> record, FrameDescriptor frame, RuntimeException error) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? "unknown" : meta.topic();
        LOG.warn("dead-lettering record {} from {}[{}]@{}: {}", record.key(), topic,
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), error.getMessage());
        DeadLetterFrame dead = DeadLetters.of(STAGE, topic, meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(), record.key(), record.value(), error, 1, frame,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        metrics.recordDeadLettered();
        context.forward(record.withValue(dead));
    }
}
