package org.daganstream.motion;

/** A frame descriptor the motion stage cannot process; the message says what is wrong and, if possible, why. */
public class InvalidFrameException extends RuntimeException {

    public InvalidFrameException(String message) {
        super(message);
    }

    public InvalidFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
