package org.daganstream.common.blob;

/** Argument checks and wording shared by the {@link BlobStore#open(String, long, long)} implementations. */
final class BlobRanges {

    private BlobRanges() {
    }

    static void check(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid byte range of blob " + key + ": offset " + offset
                    + " and length " + length + " must not be negative");
        }
    }

    /** True when {@code length} bytes from {@code offset} reach past {@link Long#MAX_VALUE}: read to the end. */
    static boolean toEnd(long offset, long length) {
        return length > Long.MAX_VALUE - offset;
    }

    /** {@code bytes 100-199} or {@code bytes 100-} (to the end), as in HTTP. */
    static String describe(long offset, long length) {
        return "bytes " + offset + "-" + (toEnd(offset, length) ? "" : Long.toString(offset + length - 1));
    }

    /** The range starts at or beyond the end of an object of {@code size} bytes. */
    static BlobStoreException beyondEnd(String bucket, String key, long offset, long length, long size) {
        return new BlobStoreException("cannot open " + describe(offset, length) + " of s3://" + bucket + "/" + key
                + ": the object has only " + size + " bytes");
    }
}
