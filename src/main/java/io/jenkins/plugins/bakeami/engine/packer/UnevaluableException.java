package io.jenkins.plugins.bakeami.engine.packer;

/**
 * A template value the bake cannot evaluate without running Packer (a function, a local, a variable whose value
 * is only known later...). The message quotes the expression as written and says what it is; the caller adds
 * which setting of which builder holds it.
 */
public final class UnevaluableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnevaluableException(String written, String what) {
        super("`" + written + "` (" + what + ")");
    }

    /** A setting that is missing or cannot be told apart without Packer; the message says which. */
    UnevaluableException(String message) {
        super(message);
    }

    /** Adds where the expression stands, e.g. "source_ami_filter of amazon-ebs.app". */
    UnevaluableException(String where, UnevaluableException cause) {
        super(where + ": " + cause.getMessage(), cause);
    }
}
