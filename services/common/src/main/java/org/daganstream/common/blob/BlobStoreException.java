package org.daganstream.common.blob;

/** A blob operation failed; the message names the operation, bucket and key. */
public class BlobStoreException extends RuntimeException {
    public BlobStoreException(String message) {
        super(message);
    }

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
