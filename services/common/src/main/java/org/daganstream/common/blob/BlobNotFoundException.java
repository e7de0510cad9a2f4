package org.daganstream.common.blob;

/** The object (or its bucket) does not exist. Never retried: a missing input is a job error, not a glitch. */
public class BlobNotFoundException extends BlobStoreException {

    private final String bucket;
    private final String key;

    public BlobNotFoundException(String bucket, String key) {
        this(bucket, key, null);
    }

    public BlobNotFoundException(String bucket, String key, Throwable cause) {
        super("blob not found: s3://" + bucket + "/" + key, cause);
        this.bucket = bucket;
        this.key = key;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }
}
