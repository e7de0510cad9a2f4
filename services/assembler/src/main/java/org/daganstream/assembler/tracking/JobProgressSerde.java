package org.daganstream.assembler.tracking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link JobProgress} in the assembler's state store and its changelog. Private to the assembler (no
 * other service reads it), so a compact versioned layout is enough: a format byte first, so a future layout can still
 * read state written by this one.
 */
public final class JobProgressSerde implements Serde<JobProgress> {

    private static final byte FORMAT_V1 = 1;

    @Override
    public Serializer<JobProgress> serializer() {
        return (topic, progress) -> progress == null ? null : toBytes(progress);
    }

    @Override
    public Deserializer<JobProgress> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    public static byte[] toBytes(JobProgress p) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + p.frameCount() / 8);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(p.jobId());
            out.writeByte(p.phase().ordinal());
            out.writeInt(p.frameCount());
            out.writeLong(p.createdAt());
            out.writeLong(p.lastFrameAt());
            out.writeLong(p.lastReportedAt());
            out.writeInt(p.lastReportedCount());
            out.writeLong(p.completedAt());
            out.writeBoolean(p.stalled());
            long[] words = p.doneBits().toLongArray();
            out.writeInt(words.length);
            for (long w : words) {
                out.writeLong(w);
            }
            Map<String, long[]> spans = p.timings().spans();
            out.writeInt(spans.size());
            for (Map.Entry<String, long[]> e : spans.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue()[0]);
                out.writeLong(e.getValue()[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    public static JobProgress fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("assembler job state has unknown format " + format
                        + " (" + bytes.length + " bytes); this build reads format " + FORMAT_V1);
            }
            String jobId = in.readUTF();
            JobProgress.Phase phase = JobProgress.Phase.values()[in.readByte()];
            int frameCount = in.readInt();
            long createdAt = in.readLong();
            long lastFrameAt = in.readLong();
            long lastReportedAt = in.readLong();
            int lastReportedCount = in.readInt();
            long completedAt = in.readLong();
            boolean stalled = in.readBoolean();
            long[] words = new long[in.readInt()];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readLong();
            }
            StageTimings timings = new StageTimings();
            int stages = in.readInt();
            for (int i = 0; i < stages; i++) {
                timings.widen(in.readUTF(), in.readLong(), in.readLong());
            }
            return JobProgress.restore(jobId, phase, frameCount, BitSet.valueOf(words), createdAt, lastFrameAt,
                    lastReportedAt, lastReportedCount, completedAt, stalled, timings);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("assembler job state is corrupt (" + bytes.length + " bytes): " + e, e);
        }
    }
}
