package org.daganstream.assembler.tracking;

import java.util.Objects;

/**
 * One input of the job tracker after repartitioning by job id: a generated frame, a job manifest or a published
 * result, carried as the record's original wire bytes (single-object Avro) with a tag saying which. Keeping the
 * original bytes means the repartition hop neither re-encodes nor loses fields this build does not know.
 */
public record JobEvent(Kind kind, byte[] payload) {

    /** What the payload is; the tag byte is part of the repartition topic's format, so never reorder. */
    public enum Kind {
        /** A {@code FrameDescriptor} from {@code dagan.frames.generated}. */
        FRAME((byte) 1),
        /** A {@code JobManifest} from {@code dagan.jobs.manifests}. */
        MANIFEST((byte) 2),
        /** A {@code Reenactment} from {@code dagan.reenactments}. */
        RESULT((byte) 3);

        final byte tag;

        Kind(byte tag) {
            this.tag = tag;
        }

        static Kind ofTag(byte tag) {
            for (Kind k : values()) {
                if (k.tag == tag) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown job event tag " + tag);
        }
    }

    public JobEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
    }
}
