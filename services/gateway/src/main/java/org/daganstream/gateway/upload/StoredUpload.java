package org.daganstream.gateway.upload;

import org.daganstream.gateway.submit.UploadNames;

/**
 * One uploaded file, now in object storage.
 *
 * @param role     source image or driving video
 * @param key      its object key, {@code uploads/{jobId}/source.png} etc.
 * @param bytes    its size
 * @param fileName the name the client gave it (may be null)
 */
public record StoredUpload(UploadNames.Role role, String key, long bytes, String fileName) {
}
