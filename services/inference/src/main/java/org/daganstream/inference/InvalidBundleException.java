package org.daganstream.inference;

/**
 * A model bundle was refused: its manifest is malformed or unsupported, a graph file is missing, or a file does not
 * match the size or SHA-256 recorded in the manifest. The message names the file and what to do about it.
 */
public class InvalidBundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
