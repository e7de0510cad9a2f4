package org.daganstream.assembler.tracking;

/**
 * Where the tracker hands complete jobs. Implementations mux on their own threads and publish the job's
 * {@code Reenactment}; the tracker learns the outcome by consuming that record, so nothing here blocks the stream
 * thread or needs a callback.
 */
public interface MuxHandoff {

    /**
     * Takes {@code request} if this instance is not already muxing or publishing the job. Must return quickly.
     *
     * @return true when the job is (now or already) in hand; false when it could not be taken right now (queue
     *     full, backing off after a failure) and the tracker should offer it again later
     */
    boolean offer(MuxRequest request);

    /** Whether this instance is muxing the job, backing off before retrying it, or has published its result. */
    boolean inHand(String jobId);

    /** The job's result record has been consumed back and its state cleaned: drop whatever is kept about it. */
    void forget(String jobId);
}
