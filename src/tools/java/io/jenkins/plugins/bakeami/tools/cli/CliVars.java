package io.jenkins.plugins.bakeami.tools.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --var NAME=VALUE} options, read without ever echoing a value: it may be a secret. */
final class CliVars {
    private CliVars() {}

    static Map<String, String> parse(List<String> vars) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String var : vars) {
            int equals = var.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--var takes NAME=VALUE; one --var has "
                        + (equals == 0 ? "no name" : "no '='"));
            }
            parsed.put(var.substring(0, equals), var.substring(equals + 1));
        }
        return parsed;
    }
}
