package io.jenkins.plugins.bakeami.engine.packer;

import java.util.Map;

/**
 * Sets a child process's environment. Only the child's: the JVM's own environment and system properties are
 * never changed, so credentials given for one Packer run reach that process and nothing else.
 */
final class ProcessEnvironment {

    /** Packer must not phone home for update checks (CI, offline machines, tests). */
    static final String CHECKPOINT_DISABLE = "CHECKPOINT_DISABLE";

    private ProcessEnvironment() {
    }

    /**
     * Starts from the JVM's environment when {@code inherit}, else from nothing; then applies {@code given} (which
     * wins) and {@code CHECKPOINT_DISABLE=1}.
     */
    static void apply(Map<String, String> processEnvironment, Map<String, String> given, boolean inherit) {
        if (!inherit) {
            processEnvironment.clear();
        }
        processEnvironment.putAll(given);
        processEnvironment.put(CHECKPOINT_DISABLE, "1");
    }

    /** The PATH the child process will see. */
    static String path(Map<String, String> given, boolean inherit) {
        String path = given.get("PATH");
        if (path == null && inherit) {
            path = System.getenv("PATH");
        }
        return path;
    }
}
