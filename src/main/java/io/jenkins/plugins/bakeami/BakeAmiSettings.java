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

    /** Whether the lookup follows the template's source image: track, require or ignore. */
    String getBaseImage();

    /** The tag that records the source image on the AMI and its snapshots. */
    String getSourceTagKey();

    /** Whether a target region that lacks the AMI gets a copy of it (else Packer bakes again). */
    boolean isRepairRegions();
    /** The {@code ami_family} tag's value; null: the template's path relative to the workspace. */
    String getFamily();

    /** Prunes the family after a successful bake or reuse, keeping the newest this many per region; 0: no pruning. */
    int getKeep();

    /** The retention's minimum age, as the CLI's {@code --min-age} spells it ({@code 7d}, {@code 36h}, {@code 0}). */
    String getMinAge();

    /** Whether the pruning after the bake also deletes AMIs shared with other accounts or public. */
    boolean isIncludeShared();

    // Issue 15's options. Defaults here for the settings that have no such option (pruneAmis' definition).

    /** Strict mode: {@code exact} or {@code normalize} (CRLF read as LF in text files). */
    default String getLineEndings() {
        return BakeAmiDefaults.LINE_ENDINGS;
    }

    /** An IAM role the agent assumes (and assumes again while the bake runs), or null. */
    default String getRole() {
        return null;
    }

    /** The role's session name; null: {@code bakeAmi-<build>}. */
    default String getRoleSessionName() {
        return null;
    }

    /** The external id the role's trust policy asks for, or null. */
    default String getExternalId() {
        return null;
    }

    /** Seconds each role session lasts; 0: the entry's, else one hour. */
    default int getSessionDuration() {
        return 0;
    }

    /** Packer with {@code PACKER_LOG=1}, its log archived as {@code .bake-ami/packer-debug.log}. */
    default boolean isDebug() {
        return false;
    }

    /** Packer's {@code -on-error}: {@code cleanup} or {@code abort}. */
    default String getOnError() {
        return BakeAmiDefaults.ON_ERROR;
    }

    /** {@code packer init}: {@code auto}, {@code always} or {@code never}. */
    default String getInit() {
        return BakeAmiDefaults.INIT;
    }

    /** {@code PACKER_PLUGIN_PATH} on the agent; null: the agent's own. */
    default String getPluginPath() {
        return null;
    }

    /** A secret-text credentials id whose secret becomes {@code PACKER_GITHUB_API_TOKEN}, or null. */
    default String getGithubTokenCredentialsId() {
        return null;
    }
}
