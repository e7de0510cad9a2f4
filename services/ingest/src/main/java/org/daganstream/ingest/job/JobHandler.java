package org.daganstream.ingest.job;

import java.util.function.BooleanSupplier;

import org.daganstream.avro.JobRequest;

/** The work done for one job on a worker thread; {@link JobProcessor} is the real one. */
@FunctionalInterface
public interface JobHandler {

    /**
     * @param cancelled turns true when the job's partition is revoked or the service stops; the handler should
     *                  then stop soon with a {@link java.util.concurrent.CancellationException}
     * @return the outcome to publish; bad input and internal failures are outcomes, not exceptions
     */
    JobOutcome process(JobRequest job, BooleanSupplier cancelled);
}
