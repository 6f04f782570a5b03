package io.jenkins.plugins.bakeami.engine.checksum;

/**
 * Bad input to the checksum: a directory that does not exist, an unreadable file, an unknown mode, a malformed
 * listing. The message names the input and is meant to be shown to the user as it is, without a stack trace.
 */
public class ChecksumInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ChecksumInputException(String message) {
        super(message);
    }

    public ChecksumInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
