package org.daganstream.common.blob;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store knows about one object without reading it (an S3 {@code HEAD}): enough to answer HTTP range
 * requests or to refuse an oversized input before transferring it.
 *
 * @param key          the object's key
 * @param size         length in bytes
 * @param contentType  the stored {@code Content-Type}, when the store recorded one
 * @param lastModified when the object was last written
 * @param etag         the store's entity tag, without quotes; changes when the content changes
 */
public record BlobInfo(String key, long size, Optional<String> contentType, Instant lastModified, String etag) {

    public BlobInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(etag, "etag");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for blob " + key);
        }
    }
}
