package org.daganstream.worker.pipeline;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import org.daganstream.common.blob.BlobNotFoundException;
import org.daganstream.common.blob.BlobStoreException;
import org.daganstream.common.kafka.KafkaErrors;
import org.daganstream.common.retry.Causes;
import org.daganstream.common.retry.RetryExhaustedException;
import org.daganstream.common.tensor.NpyFormatException;
import org.daganstream.inference.InferenceException;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.worker.InvalidFrameException;

/**
 * Why a frame failed, as the {@code kind} tag of the error metric and to decide between retrying and
 * dead-lettering. Permanent kinds go to the dead-letter topic at once: retrying a missing blob or a wrong shape
 * cannot help. Transient and unexpected failures are retried up to {@code worker.max.attempts}.
 */
public enum FailureKind {
    /** The record did not decode. */
    MALFORMED("malformed", true),
    /** An input blob does not exist. */
    MISSING_BLOB("missing_blob", true),
    /** An input blob is not a float32 .npy tensor. */
    CORRUPT_BLOB("corrupt_blob", true),
    /** The descriptor or a tensor is wrong for this stage (shape, missing field, other bundle). */
    INVALID_INPUT("invalid_input", true),
    /** ONNX Runtime refused or failed the frame. */
    INFERENCE("inference", true),
    /** Storage or broker trouble that outlived the client's own retries. */
    TRANSIENT("transient", false),
    /** Anything else: retried, then dead-lettered. */
    INTERNAL("internal", false);

    private final String tag;
    private final boolean permanent;

    FailureKind(String tag, boolean permanent) {
        this.tag = tag;
        this.permanent = permanent;
    }

    /** Metric tag value. */
    public String tag() {
        return tag;
    }

    /** True when retrying cannot help. */
    public boolean permanent() {
        return permanent;
    }

    /** Classifies {@code failure} by walking its cause chain, most specific first. */
    public static FailureKind of(Throwable failure) {
        if (Causes.causedBy(failure, MalformedRecordException.class)) {
            return MALFORMED;
        }
        if (Causes.causedBy(failure, BlobNotFoundException.class)) {
            return MISSING_BLOB;
        }
        if (Causes.causedBy(failure, NpyFormatException.class)) {
            return CORRUPT_BLOB;
        }
        if (Causes.causedBy(failure, InvalidFrameException.class)) {
            return INVALID_INPUT;
        }
        if (Causes.causedBy(failure, InferenceException.class)) {
            return INFERENCE;
        }
        if (Causes.causedBy(failure, RetryExhaustedException.class, BlobStoreException.class, IOException.class,
                TimeoutException.class) || KafkaErrors.isTransient(failure)) {
            return TRANSIENT;
        }
        if (Causes.causedBy(failure, IllegalArgumentException.class)) {
            return INVALID_INPUT;
        }
        return INTERNAL;
    }
}
