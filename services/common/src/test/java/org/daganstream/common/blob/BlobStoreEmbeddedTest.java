package org.daganstream.common.blob;

import org.daganstream.common.testing.Backend;
import org.daganstream.common.testing.EmbeddedBackend;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The blob contract against the embedded S3 server (no broker needed). */
class BlobStoreEmbeddedTest extends BlobStoreContract {

    @RegisterExtension
    static final EmbeddedBackend BACKEND = EmbeddedBackend.s3Only();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
