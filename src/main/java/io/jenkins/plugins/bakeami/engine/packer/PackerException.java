package io.jenkins.plugins.bakeami.engine.packer;

/**
 * Packer could not do what was asked: not installed or too old, a template that does not load or validate, a
 * variable the template does not declare, a failed build, a build without an AMI. The message names the template
 * or the action and carries Packer's own error lines (secrets masked); it is meant to be shown to the user as is.
 */
public class PackerException extends Exception {
    private static final long serialVersionUID = 1L;

    public PackerException(String message) {
        super(message);
    }

    public PackerException(String message, Throwable cause) {
        super(message, cause);
    }
}
