package io.jenkins.plugins.bakeami;

import java.util.List;

/**
 * The options of a bake as the user configured them, shared by {@link BakeAmiStep} and {@link BakeAmiBuilder}.
 * Getters return the configured value; {@code null} (an empty list) where it is not set: then the build's environment
 * (region, endpoint), the global default ({@link GlobalDefaults}: region, credentials id, tag key, owners, checksum
 * mode, timeout, Packer installation) or the built-in default of {@link BakeAmiDefaults} applies
 * ({@link BakeAmiParameters}). The options without a global default return their built-in default.
 */
public interface BakeAmiSettings {
    String getTemplate();

    /** Definition directories, relative to the workspace; empty: the template's directory. */
    List<String> getDirs();

    String getChecksumMode();

    String getRegion();

    String getCredentialsId();

    String getEndpoint();

    String getTagKey();

    List<String> getOwners();

    /** Packer variables, each {@code name=value}. */
    List<String> getVars();

    List<String> getVarFiles();

    /** Packer's {@code -only}: comma-separated build names, or null for all. */
    String getOnly();

    /** Globs of files the checksum leaves out (strict mode). */
    List<String> getExcludes();

    boolean isForce();

    boolean isDryRun();

    boolean isArchive();

    String getAmiIdFile();

    String getPackerPath();

    /** The name of a Packer tool installation ({@link PackerInstallation}); {@link #getPackerPath()} wins when set. */
    String getPackerTool();

    /** Null: not set (0: no limit). */
    Integer getTimeoutMinutes();

    /** The seed's {@code aws_subnet_id} Packer variable. */
    String getSubnetId();
}
