package org.daganstream.cli;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaException;
import org.daganstream.common.blob.BlobStoreException;
import org.daganstream.common.config.ConfigException;
import org.daganstream.common.retry.RetryExhaustedException;
import org.daganstream.inference.InvalidBundleException;

/** Turns exceptions from the libraries into {@link CliFailure}s with the right exit code and a readable message. */
public final class Failures {

    private Failures() {
    }

    /** A stage service could not start. */
    public static CliFailure stageStart(String stage, Throwable e) {
        // A service that cannot start is almost always missing its broker, storage or files: not a bug here.
        CliFailure classified = classify(e, false);
        return new CliFailure(classified.exitCode(), "stage " + stage + " could not start: " + classified.getMessage(),
                e);
    }

    /**
     * Maps {@code e} to an exit code: configuration errors are usage errors, bundle refusals are bundle errors,
     * broker and storage trouble is an infrastructure error; anything unexpected counts as infrastructure/internal.
     */
    public static CliFailure classify(Throwable e) {
        return classify(e, true);
    }

    private static CliFailure classify(Throwable e, boolean unknownIsInternal) {
        Throwable t = unwrap(e);
        if (t instanceof CliFailure failure) {
            return failure;
        }
        if (t instanceof ConfigException) {
            return new CliFailure(ExitCode.USAGE, "configuration error: " + message(t), t);
        }
        if (t instanceof InvalidBundleException) {
            return new CliFailure(ExitCode.BUNDLE, "model bundle refused: " + message(t), t);
        }
        if (t instanceof BlobStoreException || t instanceof KafkaException || t instanceof TimeoutException
                || t instanceof RetryExhaustedException) {
            return new CliFailure(ExitCode.INFRA, message(t), t);
        }
        if (t instanceof IllegalArgumentException) {
            // Settings classes validate values this way ("assembler.state.ttl must be longer than ...").
            return new CliFailure(ExitCode.USAGE, message(t), t);
        }
        return new CliFailure(ExitCode.INFRA, (unknownIsInternal ? "internal error: " : "") + message(t), t);
    }

    /** Strips wrappers that add nothing (ExecutionException, a RuntimeException carrying only its cause). */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t != t.getCause()
                && (t instanceof ExecutionException || t.getClass() == RuntimeException.class
                        && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString())))) {
            t = t.getCause();
        }
        return t;
    }

    /** The exception's message, or its type when it has none. */
    public static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
