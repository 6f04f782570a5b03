package io.jenkins.plugins.bakeami;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The global defaults of Manage Jenkins → System, section "Bake AMI" ({@link BakeAmiGlobalConfiguration}), as a plain
 * value: what a bake resolves its options against when the step or builder leaves them unset. A durable step keeps
 * the copy it started with, so a restart resolves the same way even if an administrator changed the defaults in
 * between. Null (an empty list for the owners): no global default, the built-in one of {@link BakeAmiDefaults}
 * applies. Holds no secret (a credentials id names an entry, it is not one). Jenkins-free.
 */
public final class GlobalDefaults implements Serializable {
    /** No global default at all. */
    public static final GlobalDefaults NONE = new GlobalDefaults(null, null, null, List.of(), null, null, null);

    private final String region;
    private final String credentialsId;
    private final String tagKey;
    private final ArrayList<String> owners;
    private final String checksumMode;
    private final Integer timeoutMinutes;
    private final String packerInstallation;

    public GlobalDefaults(String region, String credentialsId, String tagKey, List<String> owners, String checksumMode,
            Integer timeoutMinutes, String packerInstallation) {
        this.region = InputRules.trimToNull(region);
        this.credentialsId = InputRules.trimToNull(credentialsId);
        this.tagKey = InputRules.trimToNull(tagKey);
        this.owners = new ArrayList<>(owners == null ? List.of() : owners);
        this.checksumMode = InputRules.trimToNull(checksumMode);
        this.timeoutMinutes = timeoutMinutes;
        this.packerInstallation = InputRules.trimToNull(packerInstallation);
    }

    public String getRegion() {
        return region;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getTagKey() {
        return tagKey;
    }

    public List<String> getOwners() {
        return Collections.unmodifiableList(owners);
    }

    public String getChecksumMode() {
        return checksumMode;
    }

    public Integer getTimeoutMinutes() {
        return timeoutMinutes;
    }

    /** The name of a Packer tool installation ({@link PackerInstallation}). */
    public String getPackerInstallation() {
        return packerInstallation;
    }

    @Override
    public String toString() {
        return "GlobalDefaults[region " + region + ", credentials " + credentialsId + ", tag key " + tagKey
                + ", owners " + owners + ", checksum mode " + checksumMode + ", timeout " + timeoutMinutes
                + ", packer " + packerInstallation + "]";
    }

    private static final long serialVersionUID = 1L;
}
