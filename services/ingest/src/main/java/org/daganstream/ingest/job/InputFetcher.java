package org.daganstream.ingest.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daganstream.avro.ObjectRef;
import org.daganstream.common.blob.BlobInfo;
import org.daganstream.common.blob.BlobNotFoundException;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.ingest.InputRejectedException;
import org.daganstream.ingest.media.Limits;

/**
 * Fetches a job's input objects, enforcing {@code ingest.max.bytes}: first from the object's stored size, so an
 * oversized upload is refused before any of it is transferred, then again while reading, in case the object was
 * replaced by a bigger one in between. A missing object becomes a rejection the submitter can act on.
 */
final class InputFetcher {

    private static final int BUFFER = 1 << 16;

    private final BlobStore blobs;
    private final Limits limits;

    InputFetcher(BlobStore blobs, Limits limits) {
        this.blobs = blobs;
        this.limits = limits;
    }

    /**
     * Fails early, before work is spent on the other input, when {@code ref} does not exist or is larger than
     * {@code ingest.max.bytes}.
     */
    void requireAcceptable(ObjectRef ref, String label) {
        BlobInfo info = blobs.stat(ref.getKey()).orElseThrow(() -> missing(label));
        if (info.size() > limits.maxBytes()) {
            throw tooLarge(label, info.size());
        }
    }

    /** The whole object, at most {@code ingest.max.bytes}. */
    byte[] readAll(ObjectRef ref, String label) {
        try (InputStream in = open(ref, label)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
            if (data.length > limits.maxBytes()) {
                throw tooLarge(label, -1);
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + label + " failed: " + e.getMessage(), e);
        }
    }

    /** Streams the object to {@code target} (replaced), at most {@code ingest.max.bytes}. */
    void download(ObjectRef ref, String label, Path target) {
        try (InputStream in = open(ref, label); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limits.maxBytes()) {
                    throw tooLarge(label, -1);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("downloading " + label + " failed: " + e.getMessage(), e);
        }
    }

    private InputStream open(ObjectRef ref, String label) {
        try {
            return blobs.open(ref.getKey());
        } catch (BlobNotFoundException e) {
            throw missing(label);
        }
    }

    private static InputRejectedException missing(String label) {
        return new InputRejectedException("missing-object", label + " does not exist; upload it before submitting"
                + " the job (or check the bucket and key)");
    }

    /** @param size the object's size when known, else -1 */
    private InputRejectedException tooLarge(String label, long size) {
        return new InputRejectedException("input-too-large", label + " is larger than " + limits.maxBytes()
                + " bytes, the limit (ingest.max.bytes)" + (size < 0 ? "" : ": it has " + size + " bytes")
                + "; upload a smaller file");
    }
}
