package org.daganstream.common.tensor;

/** Bytes are not a NumPy {@code .npy} array this project can use; the message says what was wrong. */
public class NpyFormatException extends RuntimeException {
    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
