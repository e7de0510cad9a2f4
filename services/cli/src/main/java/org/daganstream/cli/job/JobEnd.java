package org.daganstream.cli.job;

import org.daganstream.avro.Reenactment;

/**
 * How watching a job ended.
 *
 * @param kind   what happened
 * @param reason what the user should know (null on success)
 * @param result the job's {@link Reenactment}, when one was published
 */
public record JobEnd(Kind kind, String reason, Reenactment result) {

    public enum Kind {
        /** The result is ready. */
        SUCCEEDED,
        /** The pipeline failed the job (status FAILED or a FAILED Reenactment). */
        FAILED,
        /** Ingest refused the input (failed before any frame was processed). */
        REJECTED,
        /** Frames stopped arriving (status STALLED). */
        STALLED,
        /** Every frame is either done or dead-lettered: the job cannot finish without a replay. */
        UNFINISHABLE
    }

    public boolean succeeded() {
        return kind == Kind.SUCCEEDED;
    }
}
