package org.daganstream.gateway.submit;

/** A job names an input object that does not exist (HTTP 404). */
public class InputNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InputNotFoundException(String message) {
        super(message);
    }
}
