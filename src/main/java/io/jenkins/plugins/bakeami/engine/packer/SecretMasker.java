package io.jenkins.plugins.bakeami.engine.packer;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replaces every occurrence of given secret strings with {@value #MASK}. Each secret is also masked in the form
 * Packer's machine-readable output escapes it into, so raw lines are as safe as the text shown to people.
 * Longer secrets are replaced first, so a secret that contains another is masked whole.
 */
public final class SecretMasker {

    public static final String MASK = "****";

    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                all.add(secret);
                all.add(MachineReadableLine.escape(secret));
            }
        }
        this.secrets = all.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .collect(Collectors.toUnmodifiableList());
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }
}
