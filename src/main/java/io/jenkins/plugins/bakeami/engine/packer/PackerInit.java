package io.jenkins.plugins.bakeami.engine.packer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When {@code packer init} runs before {@code packer validate}: Packer 1.7 and newer install the plugins an HCL2
 * template declares in {@code required_plugins} only when asked to, and a build without them fails.
 */
public enum PackerInit {
    /** When the template declares {@code required_plugins} and Packer is 1.7 or newer (the default). */
    AUTO,
    /** Every bake (an HCL2 template and Packer 1.7 or newer are then required). */
    ALWAYS,
    /** Never: the plugins are installed on the agent by other means. */
    NEVER;

    /** The first Packer with {@code packer init}. */
    public static final PackerVersion FIRST_WITH_INIT = new PackerVersion(1, 7, 0);

    /** @throws IllegalArgumentException naming the bad value and the valid ones */
    public static PackerInit fromName(String name) {
        for (PackerInit value : values()) {
            if (value.getName().equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("init '" + name + "' is not one of " + Arrays.stream(values())
                .map(PackerInit::getName).collect(Collectors.joining(", ")));
    }

    public String getName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code packer init} runs for this template with this packer.
     *
     * @throws IllegalArgumentException for {@link #ALWAYS} with a JSON template or a Packer without init
     */
    public boolean runsFor(PackerTemplate template, PackerExecutable packer) {
        boolean hcl2 = template.kind() == PackerTemplate.Kind.HCL2;
        boolean hasInit = !packer.version().isOlderThan(FIRST_WITH_INIT);
        if (this == ALWAYS && !hcl2) {
            throw new IllegalArgumentException("init: always needs an HCL2 template: packer init reads the"
                    + " required_plugins of HCL2 templates only, and " + template.path() + " is a JSON template");
        }
        if (this == ALWAYS && !hasInit) {
            throw new IllegalArgumentException("init: always needs Packer " + FIRST_WITH_INIT + " or newer: Packer "
                    + packer.version() + " at " + packer.path() + " has no init command");
        }
        return this == ALWAYS || this == AUTO && hcl2 && hasInit && template.declaresRequiredPlugins();
    }
}
