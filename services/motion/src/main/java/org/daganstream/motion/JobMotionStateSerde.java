package org.daganstream.motion;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link JobMotionState} for the state store and its changelog. Private to this stage, so a small
 * versioned layout is enough: a format byte first, so a later layout can still read this one.
 */
public final class JobMotionStateSerde implements Serde<JobMotionState> {

    private static final byte FORMAT_V1 = 1;

    @Override
    public Serializer<JobMotionState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<JobMotionState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(JobMotionState state) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT_V1);
            MotionSettings s = state.settings();
            out.writeBoolean(s.relative());
            out.writeBoolean(s.adaptScale());
            out.writeInt(s.anchorFrame());
            out.writeInt(state.frameCount());
            writeKeypoints(out, state.source());
            writeKeypoints(out, state.anchor());
            long[] words = state.emittedFrames().toLongArray();
            out.writeInt(words.length);
            for (long word : words) {
                out.writeLong(word);
            }
            out.writeInt(state.buffered());
            out.writeLong(state.lastActivityMs());
            out.writeLong(state.latestIngestMs());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return buffer.toByteArray();
    }

    static JobMotionState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("motion job state has unknown format " + format);
            }
            MotionSettings settings = new MotionSettings(in.readBoolean(), in.readBoolean(), in.readInt());
            int frameCount = in.readInt();
            KeypointSet source = readKeypoints(in);
            KeypointSet anchor = readKeypoints(in);
            long[] words = new long[in.readInt()];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readLong();
            }
            int buffered = in.readInt();
            long lastActivity = in.readLong();
            long latestIngest = in.readLong();
            return new JobMotionState(settings, frameCount, source, anchor, BitSet.valueOf(words), buffered,
                    lastActivity, latestIngest);
        } catch (IOException e) {
            throw new SerializationException("motion job state is truncated (" + bytes.length + " bytes)", e);
        }
    }

    private static void writeKeypoints(DataOutputStream out, KeypointSet kp) throws IOException {
        if (kp == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(kp.numKp());
        for (float f : kp.value()) {
            out.writeFloat(f);
        }
        for (float f : kp.jacobian()) {
            out.writeFloat(f);
        }
    }

    private static KeypointSet readKeypoints(DataInputStream in) throws IOException {
        int numKp = in.readInt();
        if (numKp == 0) {
            return null;
        }
        float[] value = new float[numKp * 2];
        for (int i = 0; i < value.length; i++) {
            value[i] = in.readFloat();
        }
        float[] jacobian = new float[numKp * 4];
        for (int i = 0; i < jacobian.length; i++) {
            jacobian[i] = in.readFloat();
        }
        return KeypointSet.of(numKp, value, jacobian);
    }
}
