package org.daganstream.common.blob;

import org.daganstream.common.testing.Backend;

/** The in-memory stand-in must behave like S3, or unit tests built on it prove nothing. */
class InMemoryBlobStoreTest extends BlobStoreContract {

    @Override
    protected Backend backend() {
        throw new UnsupportedOperationException("the in-memory store needs no backend");
    }

    @Override
    protected BlobStore openStore() {
        return new InMemoryBlobStore("dagan");
    }
}
