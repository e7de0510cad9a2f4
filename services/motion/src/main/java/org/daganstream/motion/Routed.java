package org.daganstream.motion;

import org.daganstream.avro.DeadLetterFrame;

/**
 * What a processing step hands downstream for one record: either a value for the next step, or a dead letter
 * for {@code dagan.frames.dlq}. Exactly one of the two is non-null.
 */
public record Routed<T>(T value, DeadLetterFrame deadLetter) {

    public static <T> Routed<T> of(T value) {
        return new Routed<>(value, null);
    }

    public static <T> Routed<T> deadLetter(DeadLetterFrame deadLetter) {
        return new Routed<>(null, deadLetter);
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }
}
