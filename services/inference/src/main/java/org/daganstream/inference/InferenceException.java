package org.daganstream.inference;

/**
 * Running a graph failed: the inputs do not fit the graph (wrong name, shape or batch size), the session's graph does
 * not match its manifest, or ONNX Runtime reported an error. The message names the graph file and the tensor.
 */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
