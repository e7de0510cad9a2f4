package org.daganstream.common.blob;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import org.daganstream.common.retry.Causes;

/** Classifies MinIO client failures: transient (retry), not found (job error), or anything else (permanent). */
public final class S3Errors {

    /** S3 error codes that mean "try again later". */
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests",
            "RequestTimeTooSkewed", "OperationAborted", "XMinioServerNotInitialized");
    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchBucket", "NotFound", "NoSuchUpload");

    private S3Errors() {
    }

    /** I/O failures, 5xx, 408, 429 and throttling codes; never 4xx such as not-found or access denied. */
    public static boolean isTransient(Throwable failure) {
        Throwable t = unwrap(failure);
        ErrorResponseException error = (ErrorResponseException) Causes.find(t, ErrorResponseException.class);
        if (error != null) {
            String code = error.errorResponse() == null ? null : error.errorResponse().code();
            if (code != null && NOT_FOUND_CODES.contains(code)) {
                return false;
            }
            return (code != null && TRANSIENT_CODES.contains(code)) || isTransientStatus(statusOf(error));
        }
        ServerException server = (ServerException) Causes.find(t, ServerException.class);
        if (server != null) {
            return isTransientStatus(server.statusCode());
        }
        InvalidResponseException invalid = (InvalidResponseException) Causes.find(t, InvalidResponseException.class);
        if (invalid != null) {
            // A non-XML error page, typically from a proxy or load balancer in front of the store.
            return isTransientStatus(statusInMessage(invalid.getMessage()));
        }
        if (Causes.causedBy(t, FileNotFoundException.class, NoSuchFileException.class)) {
            return false;
        }
        return Causes.isIoOrTimeout(t);
    }

    /** The object or bucket does not exist. */
    public static boolean isNotFound(Throwable failure) {
        ErrorResponseException error = (ErrorResponseException) Causes.find(unwrap(failure), ErrorResponseException.class);
        if (error == null) {
            return false;
        }
        String code = error.errorResponse() == null ? null : error.errorResponse().code();
        return (code != null && NOT_FOUND_CODES.contains(code)) || statusOf(error) == 404;
    }

    /** A short description for messages: the S3 error code and message, or the exception text. */
    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        ErrorResponseException error = (ErrorResponseException) Causes.find(t, ErrorResponseException.class);
        if (error != null && error.errorResponse() != null) {
            return error.errorResponse().code() + ": " + error.errorResponse().message() + " (HTTP " + statusOf(error) + ")";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root instanceof CompletionException)) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static int statusOf(ErrorResponseException e) {
        return e.response() == null ? -1 : e.response().code();
    }

    private static boolean isTransientStatus(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    private static int statusInMessage(String message) {
        if (message == null) {
            return -1;
        }
        var m = java.util.regex.Pattern.compile("(?i)(?:response code|status code)[^0-9]{0,5}(\\d{3})").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
