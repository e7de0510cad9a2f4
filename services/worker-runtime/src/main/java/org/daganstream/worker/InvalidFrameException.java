package org.daganstream.worker;

/**
 * A frame this stage can never process as it is (wrong tensor shape, missing descriptor field, another model
 * bundle): it goes to the dead-letter topic without retries. The message names the frame and what was wrong.
 */
public class InvalidFrameException extends RuntimeException {

    public InvalidFrameException(String message) {
        super(message);
    }

    public InvalidFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
