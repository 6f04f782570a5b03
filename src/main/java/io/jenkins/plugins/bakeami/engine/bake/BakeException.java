package io.jenkins.plugins.bakeami.engine.bake;

/** A bake that failed; the message says what failed and names the input or the AWS call at fault. */
public final class BakeException extends Exception {
    private static final long serialVersionUID = 1L;

    public BakeException(String message) {
        super(message);
    }

    public BakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
