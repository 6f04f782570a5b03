package io.jenkins.plugins.bakeami;

import java.util.List;

/**
 * The definition options of a {@link PruneAmisStep} as bake settings: what the current checksum is computed from,
 * exactly as bakeAmi computes it (same parameters, same engine). The options only a bake has keep their defaults.
 */
final class PruneAmisDefinition implements BakeAmiSettings {
    private final PruneAmisStep step;

    PruneAmisDefinition(PruneAmisStep step) {
        this.step = step;
    }

    @Override
    public String getTemplate() {
        return step.getTemplate();
    }

    @Override
    public List<String> getDirs() {
        return step.getDirs();
    }

    @Override
    public String getChecksumMode() {
        return step.getChecksumMode();
    }

    @Override
    public String getRegion() {
        return step.getRegion();
    }

    @Override
    public String getCredentialsId() {
        return step.getCredentialsId();
    }

    @Override
    public String getEndpoint() {
        return step.getEndpoint();
    }

    @Override
    public String getTagKey() {
        return step.getTagKey();
    }

    /** The family's own AMIs only, whatever the bakes' default: retention must never touch another account's AMI. */
    @Override
    public List<String> getOwners() {
        return BakeAmiDefaults.OWNERS;
    }

    @Override
    public List<String> getVars() {
        return step.getVars();
    }

    @Override
    public List<String> getVarFiles() {
        return step.getVarFiles();
    }

    @Override
    public String getOnly() {
        return null;
    }

    @Override
    public List<String> getExcludes() {
        return step.getExcludes();
    }

    @Override
    public boolean isForce() {
        return false;
    }

    /** The checksum is computed by a dry run of the bake: it never runs Packer and writes nothing. */
    @Override
    public boolean isDryRun() {
        return true;
    }

    @Override
    public boolean isArchive() {
        return false;
    }

    @Override
    public String getAmiIdFile() {
        return BakeAmiDefaults.AMI_ID_FILE;
    }

    @Override
    public String getPackerPath() {
        return BakeAmiDefaults.PACKER_PATH;
    }

    @Override
    public Integer getTimeoutMinutes() {
        return null;
    }

    @Override
    public String getPackerTool() {
        return null;
    }

    @Override
    public String getSubnetId() {
        return null;
    }

    /** The bake's defaults: the current checksum is the one a default bake computes. */
    @Override
    public String getBaseImage() {
        return BakeAmiDefaults.BASE_IMAGE;
    }

    @Override
    public String getSourceTagKey() {
        return BakeAmiDefaults.SOURCE_TAG_KEY;
    }

    @Override
    public boolean isRepairRegions() {
        return BakeAmiDefaults.REPAIR_REGIONS;
    }

    @Override
    public String getFamily() {
        return step.getFamily();
    }

    /** The definition itself prunes nothing: the step does, with its own options. */
    @Override
    public int getKeep() {
        return BakeAmiDefaults.KEEP;
    }

    @Override
    public String getMinAge() {
        return step.getMinAge();
    }

    @Override
    public boolean isIncludeShared() {
        return step.isIncludeShared();
    }
}
