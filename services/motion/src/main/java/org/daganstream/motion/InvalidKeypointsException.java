package org.daganstream.motion;

/** Keypoints that cannot be used for motion normalisation; the message says what is wrong with them. */
public class InvalidKeypointsException extends IllegalArgumentException {

    public InvalidKeypointsException(String message) {
        super(message);
    }
}
