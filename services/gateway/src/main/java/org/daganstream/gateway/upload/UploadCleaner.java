package org.daganstream.gateway.upload;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the stored files of a refused submission, in the background: the answer never waits for it. */
public final class UploadCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCleaner.class);

    private final BlobStore blobs;
    private final ExecutorService pool;

    public UploadCleaner(BlobStore blobs, ExecutorService pool) {
        this.blobs = blobs;
        this.pool = pool;
    }

    public void deleteUploads(String jobId) {
        String prefix = BlobKeys.uploadPrefix(jobId);
        try {
            pool.execute(() -> {
                try {
                    int deleted = blobs.deletePrefix(prefix);
                    LOG.debug("job {}: deleted {} refused upload(s)", jobId, deleted);
                } catch (RuntimeException e) {
                    LOG.warn("job {}: deleting the refused upload under {} failed: {}", jobId, prefix, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("job {}: no worker free to delete the refused upload under {}", jobId, prefix);
        }
    }
}
