package org.daganstream.cli.replay;

import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.schema.WireCodecs;

/**
 * One record of {@code dagan.frames.dlq} with where it sits on that topic (its identity for replay markers).
 *
 * @param partition DLQ partition
 * @param offset    DLQ offset
 * @param record    the dead letter
 */
public record DeadLetter(int partition, long offset, DeadLetterFrame record) {

    /** The descriptor to replay: the decoded one, else the original bytes if they decode; null when neither. */
    public FrameDescriptor descriptor() {
        if (record.getDescriptor() != null) {
            return record.getDescriptor();
        }
        if (record.getOriginalValue() == null) {
            return null;
        }
        var buffer = record.getOriginalValue().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        try {
            return WireCodecs.FRAME_DESCRIPTOR.decode(bytes);
        } catch (MalformedRecordException e) {
            return null;
        }
    }

    /** The job, from the descriptor or the record key; null when neither names one. */
    public String jobId() {
        FrameDescriptor d = descriptor();
        if (d != null) {
            return d.getJobId();
        }
        try {
            return FrameKeys.parse(record.getRecordKey()).jobId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The frame index (-1 = source image), or null when unknown. */
    public Integer frameIndex() {
        FrameDescriptor d = descriptor();
        if (d != null) {
            return d.getFrameIndex();
        }
        try {
            return FrameKeys.parse(record.getRecordKey()).frameIndex();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code job-1/3}, {@code job-1/source}, or the raw key. */
    public String frameLabel() {
        String job = jobId();
        Integer index = frameIndex();
        if (job != null && index != null) {
            return FrameKeys.frame(job, index);
        }
        return String.valueOf(record.getRecordKey());
    }

    /** Groups the dead letters of one frame at one stage: replay acts on the newest only. */
    public String frameAtStage() {
        return record.getStage() + "|" + frameLabel();
    }
}
