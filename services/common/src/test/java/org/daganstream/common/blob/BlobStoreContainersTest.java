package org.daganstream.common.blob;

import org.daganstream.common.testing.Backend;
import org.daganstream.common.testing.ContainerBackend;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The blob contract against a MinIO container; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class BlobStoreContainersTest extends BlobStoreContract {

    @RegisterExtension
    static final ContainerBackend BACKEND = new ContainerBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
