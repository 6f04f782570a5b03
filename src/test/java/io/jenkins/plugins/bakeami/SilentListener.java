package io.jenkins.plugins.bakeami;

import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** A build listener whose log goes nowhere, for tests that only need one to build a callable. */
final class SilentListener implements TaskListener {
    private transient PrintStream logger = new PrintStream(new ByteArrayOutputStream(), true);

    @Override
    public PrintStream getLogger() {
        return logger;
    }

    private static final long serialVersionUID = 1L;
}
