package org.daganstream.gateway.upload;

import java.util.Map;

import io.vertx.core.MultiMap;
import org.daganstream.gateway.submit.UploadNames;

/**
 * A multipart submission fully received: both files stored, and the text fields (the options) as sent.
 *
 * @param jobId the id the files are stored under
 * @param files source and driving
 * @param form  the non-file fields
 */
public record ReceivedJob(String jobId, Map<UploadNames.Role, StoredUpload> files, MultiMap form) {

    public StoredUpload source() {
        return files.get(UploadNames.Role.SOURCE);
    }

    public StoredUpload driving() {
        return files.get(UploadNames.Role.DRIVING);
    }
}
