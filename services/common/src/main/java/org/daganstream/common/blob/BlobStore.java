package org.daganstream.common.blob;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.tensor.Npy;
import org.daganstream.common.tensor.Tensor;

/**
 * Object storage for frames, tensors, uploads and results, in one bucket. Keys come from {@link BlobKeys}. All
 * methods are blocking and thread-safe: call them from worker threads, never from an event loop. Transient
 * failures are retried inside; what escapes is a {@link BlobNotFoundException} (never retried) or a
 * {@link BlobStoreException} naming the operation, bucket and key.
 */
public interface BlobStore extends AutoCloseable {

    /** An S3/MinIO store configured from {@code s3.*} keys (see {@link S3BlobStore#fromConfig}). */
    static BlobStore fromConfig(DaganConfig config) {
        return S3BlobStore.fromConfig(config);
    }

    /** The bucket every key refers to. */
    String bucket();

    /** Creates the bucket if it does not exist (idempotent). */
    void ensureBucket();

    /** Writes (or overwrites) {@code key} with {@code data}. */
    void put(String key, byte[] data);

    /** Uploads a local file, multipart when large. */
    void put(String key, Path file);

    /**
     * Streams {@code size} bytes from {@code in} ({@code size} -1 when unknown: multipart). Not retried, since a
     * stream cannot be replayed; prefer {@link #put(String, Path)} for large objects.
     */
    void put(String key, InputStream in, long size);

    /** Reads the whole object. */
    byte[] get(String key);

    /** Opens the object for streaming; the caller closes the stream. Only opening is retried. */
    InputStream open(String key);

    /**
     * Opens at most {@code length} bytes of the object starting at byte {@code offset} (fewer when the object ends
     * sooner; {@link Long#MAX_VALUE} reads to the end), e.g. to answer an HTTP range request without reading the
     * rest. The caller closes the stream. Only opening is retried. A {@code length} of 0 gives an empty stream after
     * checking that the object exists.
     *
     * @throws IllegalArgumentException for a negative {@code offset} or {@code length}
     * @throws BlobNotFoundException    when the object does not exist
     * @throws BlobStoreException       when {@code offset} lies at or beyond the object's end (a range S3 answers
     *                                  with 416); {@link #stat} first to know the size
     */
    InputStream open(String key, long offset, long length);

    /**
     * Size, content type, modification time and entity tag of {@code key} without reading it, or empty when it
     * does not exist. Transient failures are retried like every other call.
     */
    Optional<BlobInfo> stat(String key);

    /** Downloads the object to {@code target}, replacing it. */
    void download(String key, Path target);

    /** True when {@code key} exists; {@link #stat} also tells its size. */
    boolean exists(String key);

    /** Deletes {@code key}; deleting a missing key is not an error. */
    void delete(String key);

    /** Keys starting with {@code prefix}, sorted. */
    List<String> list(String prefix);

    /** Deletes every key starting with {@code prefix}; returns how many were deleted. */
    int deletePrefix(String prefix);

    /** Writes {@code tensor} as a float32 {@code .npy}. */
    default void putTensor(String key, Tensor tensor) {
        put(key, Npy.write(tensor));
    }

    /** Reads a float32 {@code .npy}; a malformed object gives an error naming the key. */
    default Tensor getTensor(String key) {
        byte[] bytes = get(key);
        try {
            return Npy.readFloat32(bytes);
        } catch (RuntimeException e) {
            throw new BlobStoreException("blob s3://" + bucket() + "/" + key + " is not a float32 .npy tensor: "
                    + e.getMessage(), e);
        }
    }

    @Override
    void close();
}
