package org.daganstream.assembler.tracking;

import java.nio.ByteBuffer;

/**
 * What the tracker remembers of a finished job: the last time ingest produced a record of that run (to tell late
 * duplicates from a resubmission under the same id) and when the job finished (for expiry). Two big-endian longs.
 */
final class FinishedRun {

    private FinishedRun() {
    }

    static byte[] encode(long lastIngested, long finishedAt) {
        return ByteBuffer.allocate(16).putLong(lastIngested).putLong(finishedAt).array();
    }

    static long lastIngested(byte[] run) {
        return ByteBuffer.wrap(run).getLong(0);
    }

    static long finishedAt(byte[] run) {
        return ByteBuffer.wrap(run).getLong(8);
    }
}
