package org.daganstream.gateway.submit;

/** A submission the client must fix (HTTP 400); the message names the field and what is wrong with it. */
public class InvalidRequestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
