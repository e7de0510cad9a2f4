package org.daganstream.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.errors.TimeoutException;
import org.daganstream.common.blob.BlobNotFoundException;
import org.daganstream.common.blob.BlobStoreException;
import org.daganstream.common.retry.RetryExhaustedException;
import org.daganstream.common.tensor.NpyFormatException;
import org.daganstream.inference.InferenceException;
import org.daganstream.schema.MalformedRecordException;
import org.daganstream.worker.InvalidFrameException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void inputProblemsArePermanent() {
        assertEquals(FailureKind.MISSING_BLOB, FailureKind.of(new BlobNotFoundException("dagan", "jobs/j/frames/000001")));
        assertEquals(FailureKind.CORRUPT_BLOB, FailureKind.of(new InvalidFrameException("frame blob k is not a float32"
                + " .npy tensor", new NpyFormatException("not a .npy file"))));
        assertEquals(FailureKind.CORRUPT_BLOB, FailureKind.of(new BlobStoreException("blob is not a float32 .npy",
                new NpyFormatException("truncated"))), "the blob store's own wrapping of a bad .npy");
        assertEquals(FailureKind.INVALID_INPUT, FailureKind.of(new InvalidFrameException("wrong shape")));
        assertEquals(FailureKind.INVALID_INPUT, FailureKind.of(new IllegalArgumentException("invalid job id")));
        assertEquals(FailureKind.INFERENCE, FailureKind.of(new InferenceException("ONNX Runtime failed")));
        for (FailureKind kind : new FailureKind[] {FailureKind.MALFORMED, FailureKind.MISSING_BLOB,
                FailureKind.CORRUPT_BLOB, FailureKind.INVALID_INPUT, FailureKind.INFERENCE}) {
            assertTrue(kind.permanent(), kind + " must not be retried");
        }
    }

    @Test
    void malformedRecordsAreRecognised() {
        MalformedRecordException bad = org.junit.jupiter.api.Assertions.assertThrows(MalformedRecordException.class,
                () -> org.daganstream.schema.WireCodecs.FRAME_DESCRIPTOR.decode(new byte[] {1, 2, 3}));
        assertEquals(FailureKind.MALFORMED, FailureKind.of(bad));
    }

    @Test
    void storageAndBrokerTroubleIsTransient() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new RetryExhaustedException("s3 get failed after 5 attempts",
                5, new IOException("connection refused"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new BlobStoreException("s3 put failed: 503")));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new UncheckedIOException(new IOException("reset"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new TimeoutException("metadata not available")));
        assertFalse(FailureKind.TRANSIENT.permanent());
    }

    @Test
    void unexpectedFailuresAreRetriedThenDeadLettered() {
        assertEquals(FailureKind.INTERNAL, FailureKind.of(new IllegalStateException("bug")));
        assertFalse(FailureKind.INTERNAL.permanent());
    }
}
