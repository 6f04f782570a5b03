package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle form of {@link BakeAmiStep}: the same options and the same bake; sets {@code AMI_ID} (and
 * {@code AMI_ID_<REGION>}) for the build's later steps. Its symbol, {@code bakeAmiBuilder}, names it for Job DSL and
 * configuration as code; in a Pipeline, use the {@code bakeAmi} step, which returns the AMI id.
 */
public final class BakeAmiBuilder extends Builder implements SimpleBuildStep, BakeAmiSettings {
    private final String template;
    private List<String> dirs = new ArrayList<>();
    private String checksumMode;
    private String region;
    private String credentialsId;
    private String endpoint;
    private String tagKey;
    private List<String> owners = new ArrayList<>();
    private List<String> vars = new ArrayList<>();
    private List<String> varFiles = new ArrayList<>();
    private String only;
    private List<String> excludes = new ArrayList<>();
    private boolean force;
    private boolean dryRun;
    private boolean archive = BakeAmiDefaults.ARCHIVE;
    private String amiIdFile = BakeAmiDefaults.AMI_ID_FILE;
    private String packerPath = BakeAmiDefaults.PACKER_PATH;
    private Integer timeoutMinutes;
    private String subnetId;
    private String baseImage = BakeAmiDefaults.BASE_IMAGE;
    private String sourceTagKey = BakeAmiDefaults.SOURCE_TAG_KEY;
    private boolean repairRegions = BakeAmiDefaults.REPAIR_REGIONS;
    private String family;
    private int keep = BakeAmiDefaults.KEEP;
    private String minAge = BakeAmiDefaults.MIN_AGE;
    private boolean includeShared;
    // Issue 15: roles assumed on the agent, packer init, debug, line endings
    private String lineEndings = BakeAmiDefaults.LINE_ENDINGS;
    private String role;
    private String roleSessionName;
    private String externalId;
    private int sessionDuration;
    private boolean debug;
    private String onError = BakeAmiDefaults.ON_ERROR;
    private String init = BakeAmiDefaults.INIT;
    private String pluginPath;
    private String githubTokenCredentialsId;
    private String packerTool;

    @DataBoundConstructor
    public BakeAmiBuilder(@NonNull String template) {
        this.template = InputRules.trimToNull(template);
    }

    /** A job saved by an older version lacks the options added since: they get their defaults. */
    private Object readResolve() {
        dirs = dirs == null ? new ArrayList<>() : dirs;
        owners = owners == null ? new ArrayList<>() : owners;
        vars = vars == null ? new ArrayList<>() : vars;
        varFiles = varFiles == null ? new ArrayList<>() : varFiles;
        excludes = excludes == null ? new ArrayList<>() : excludes;
        amiIdFile = amiIdFile == null ? BakeAmiDefaults.AMI_ID_FILE : amiIdFile;
        packerPath = packerPath == null ? BakeAmiDefaults.PACKER_PATH : packerPath;
        if (baseImage == null) { // a job saved before base images were tracked
            baseImage = BakeAmiDefaults.BASE_IMAGE;
            sourceTagKey = BakeAmiDefaults.SOURCE_TAG_KEY;
            repairRegions = BakeAmiDefaults.REPAIR_REGIONS;
        }
        minAge = minAge == null ? BakeAmiDefaults.MIN_AGE : minAge;
        lineEndings = lineEndings == null ? BakeAmiDefaults.LINE_ENDINGS : lineEndings;
        onError = onError == null ? BakeAmiDefaults.ON_ERROR : onError;
        init = init == null ? BakeAmiDefaults.INIT : init;
        return this;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        BakeAmiSummary summary = BakeAmiRunner.bake(this, run, workspace, env, launcher, listener);
        run.addAction(new AmiIdEnvironmentAction(summary));
    }

    @Override
    public String getTemplate() {
        return template;
    }

    @Override
    public List<String> getDirs() {
        return Collections.unmodifiableList(dirs);
    }

    /** One directory per line, for the form's text area. */
    public String getDirsText() {
        return String.join("\n", dirs);
    }

    @DataBoundSetter
    public void setDirs(List<String> dirs) {
        this.dirs = new ArrayList<>(InputRules.definitionDirectories(dirs));
    }

    @Override
    public String getChecksumMode() {
        return checksumMode;
    }

    @DataBoundSetter
    public void setChecksumMode(String checksumMode) {
        this.checksumMode = InputRules.trimToNull(checksumMode);
    }

    @Override
    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = InputRules.trimToNull(region);
    }

    @Override
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = InputRules.trimToNull(credentialsId);
    }

    @Override
    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = InputRules.trimToNull(endpoint);
    }

    @Override
    public String getTagKey() {
        return tagKey;
    }

    @DataBoundSetter
    public void setTagKey(String tagKey) {
        this.tagKey = InputRules.trimToNull(tagKey);
    }

    @Override
    public List<String> getOwners() {
        return Collections.unmodifiableList(owners);
    }

    public String getOwnersText() {
        return String.join("\n", owners);
    }

    @DataBoundSetter
    public void setOwners(List<String> owners) {
        this.owners = new ArrayList<>(InputRules.splitList(owners, true));
    }

    @Override
    public List<String> getVars() {
        return Collections.unmodifiableList(vars);
    }

    public String getVarsText() {
        return String.join("\n", vars);
    }

    /** Each {@code name=value}; values may contain commas, so only line breaks separate entries. */
    @DataBoundSetter
    public void setVars(List<String> vars) {
        this.vars = new ArrayList<>(InputRules.splitList(vars, false));
    }

    @Override
    public List<String> getVarFiles() {
        return Collections.unmodifiableList(varFiles);
    }

    public String getVarFilesText() {
        return String.join("\n", varFiles);
    }

    @DataBoundSetter
    public void setVarFiles(List<String> varFiles) {
        this.varFiles = new ArrayList<>(InputRules.splitList(varFiles, true));
    }

    @Override
    public String getOnly() {
        return only;
    }

    @DataBoundSetter
    public void setOnly(String only) {
        this.only = InputRules.trimToNull(only);
    }

    @Override
    public List<String> getExcludes() {
        return Collections.unmodifiableList(excludes);
    }

    public String getExcludesText() {
        return String.join("\n", excludes);
    }

    @DataBoundSetter
    public void setExcludes(List<String> excludes) {
        this.excludes = new ArrayList<>(InputRules.splitList(excludes, true));
    }

    @Override
    public boolean isForce() {
        return force;
    }

    @DataBoundSetter
    public void setForce(boolean force) {
        this.force = force;
    }

    @Override
    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    @Override
    public boolean isArchive() {
        return archive;
    }

    @DataBoundSetter
    public void setArchive(boolean archive) {
        this.archive = archive;
    }

    @Override
    public String getAmiIdFile() {
        return amiIdFile;
    }

    @DataBoundSetter
    public void setAmiIdFile(String amiIdFile) {
        String file = InputRules.trimToNull(amiIdFile);
        this.amiIdFile = file == null ? BakeAmiDefaults.AMI_ID_FILE : file;
    }

    @Override
    public String getPackerPath() {
        return packerPath;
    }

    @DataBoundSetter
    public void setPackerPath(String packerPath) {
        String path = InputRules.trimToNull(packerPath);
        this.packerPath = path == null ? BakeAmiDefaults.PACKER_PATH : path;
    }

    @Override
    public Integer getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(Integer timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    @Override
    public String getSubnetId() {
        return subnetId;
    }

    @DataBoundSetter
    public void setSubnetId(String subnetId) {
        this.subnetId = InputRules.trimToNull(subnetId);
    }

    @Override
    public String getBaseImage() {
        return baseImage;
    }

    @DataBoundSetter
    public void setBaseImage(String baseImage) {
        String policy = InputRules.trimToNull(baseImage);
        this.baseImage = policy == null ? BakeAmiDefaults.BASE_IMAGE : policy;
    }

    @Override
    public String getSourceTagKey() {
        return sourceTagKey;
    }

    @DataBoundSetter
    public void setSourceTagKey(String sourceTagKey) {
        String key = InputRules.trimToNull(sourceTagKey);
        this.sourceTagKey = key == null ? BakeAmiDefaults.SOURCE_TAG_KEY : key;
    }

    @Override
    public boolean isRepairRegions() {
        return repairRegions;
    }

    @DataBoundSetter
    public void setRepairRegions(boolean repairRegions) {
        this.repairRegions = repairRegions;
    }

    @Override
    public String getFamily() {
        return family;
    }

    @DataBoundSetter
    public void setFamily(String family) {
        this.family = InputRules.trimToNull(family);
    }

    @Override
    public int getKeep() {
        return keep;
    }

    @DataBoundSetter
    public void setKeep(int keep) {
        this.keep = keep;
    }

    @Override
    public String getMinAge() {
        return minAge;
    }

    @DataBoundSetter
    public void setMinAge(String minAge) {
        String age = InputRules.trimToNull(minAge);
        this.minAge = age == null ? BakeAmiDefaults.MIN_AGE : age;
    }

    @Override
    public boolean isIncludeShared() {
        return includeShared;
    }

    @DataBoundSetter
    public void setIncludeShared(boolean includeShared) {
        this.includeShared = includeShared;
    }

    @Override
    public String getLineEndings() {
        return lineEndings;
    }

    @DataBoundSetter
    public void setLineEndings(String lineEndings) {
        String value = InputRules.trimToNull(lineEndings);
        this.lineEndings = value == null ? BakeAmiDefaults.LINE_ENDINGS : value;
    }

    @Override
    public String getRole() {
        return role;
    }

    @DataBoundSetter
    public void setRole(String role) {
        this.role = InputRules.trimToNull(role);
    }

    @Override
    public String getRoleSessionName() {
        return roleSessionName;
    }

    @DataBoundSetter
    public void setRoleSessionName(String roleSessionName) {
        this.roleSessionName = InputRules.trimToNull(roleSessionName);
    }

    @Override
    public String getExternalId() {
        return externalId;
    }

    @DataBoundSetter
    public void setExternalId(String externalId) {
        this.externalId = InputRules.trimToNull(externalId);
    }

    @Override
    public int getSessionDuration() {
        return sessionDuration;
    }

    @DataBoundSetter
    public void setSessionDuration(int sessionDuration) {
        this.sessionDuration = sessionDuration;
    }

    @Override
    public boolean isDebug() {
        return debug;
    }

    @DataBoundSetter
    public void setDebug(boolean debug) {
        this.debug = debug;
    }

    @Override
    public String getOnError() {
        return onError;
    }

    @DataBoundSetter
    public void setOnError(String onError) {
        String value = InputRules.trimToNull(onError);
        this.onError = value == null ? BakeAmiDefaults.ON_ERROR : value;
    }

    @Override
    public String getInit() {
        return init;
    }

    @DataBoundSetter
    public void setInit(String init) {
        String value = InputRules.trimToNull(init);
        this.init = value == null ? BakeAmiDefaults.INIT : value;
    }

    @Override
    public String getPluginPath() {
        return pluginPath;
    }

    @DataBoundSetter
    public void setPluginPath(String pluginPath) {
        this.pluginPath = InputRules.trimToNull(pluginPath);
    }

    @Override
    public String getGithubTokenCredentialsId() {
        return githubTokenCredentialsId;
    }

    @DataBoundSetter
    public void setGithubTokenCredentialsId(String githubTokenCredentialsId) {
        this.githubTokenCredentialsId = InputRules.trimToNull(githubTokenCredentialsId);
    }

    @Override
    public String getPackerTool() {
        return packerTool;
    }

    @DataBoundSetter
    public void setPackerTool(String packerTool) {
        this.packerTool = InputRules.trimToNull(packerTool);
    }

    @Symbol("bakeAmiBuilder")
    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        @SuppressWarnings("rawtypes") // the real signature
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BakeAmiBuilder_DisplayName();
        }

        public FormValidation doCheckTemplate(@QueryParameter String value) {
            return BakeAmiForms.checkTemplate(value);
        }

        public FormValidation doCheckDirs(@QueryParameter String value) {
            return BakeAmiForms.checkDirs(value);
        }

        public FormValidation doCheckRegion(@QueryParameter String value) {
            return BakeAmiForms.checkRegion(value);
        }

        public FormValidation doCheckTagKey(@QueryParameter String value) {
            return BakeAmiForms.checkTagKey(value);
        }

        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            return BakeAmiForms.checkEndpoint(value);
        }

        public FormValidation doCheckOwners(@QueryParameter String value) {
            return BakeAmiForms.checkOwners(value);
        }

        public FormValidation doCheckVars(@QueryParameter String value) {
            return BakeAmiForms.checkVars(value);
        }

        public FormValidation doCheckAmiIdFile(@QueryParameter String value) {
            return BakeAmiForms.checkAmiIdFile(value);
        }

        public FormValidation doCheckSubnetId(@QueryParameter String value) {
            return BakeAmiForms.checkSubnetId(value);
        }

        public FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
            return BakeAmiForms.checkTimeoutMinutes(value);
        }

        public FormValidation doCheckFamily(@QueryParameter String value) {
            return BakeAmiForms.checkFamily(value);
        }

        public FormValidation doCheckKeep(@QueryParameter String value) {
            return BakeAmiForms.checkNumber(value, "keep", PruneRules::keepAfterBake);
        }

        public FormValidation doCheckMinAge(@QueryParameter String value) {
            return BakeAmiForms.checkMinAge(value);
        }

        public ListBoxModel doFillChecksumModeItems() {
            return BakeAmiForms.fillChecksumModeItems();
        }

        public FormValidation doCheckSourceTagKey(@QueryParameter String value, @QueryParameter String tagKey) {
            return BakeAmiForms.checkSourceTagKey(value, tagKey);
        }

        public ListBoxModel doFillBaseImageItems() {
            return BakeAmiForms.fillBaseImageItems();
        }

        public ListBoxModel doFillPackerToolItems() {
            return BakeAmiForms.fillPackerToolItems();
        }

        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return BakeAmiForms.fillCredentialsIdItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return BakeAmiForms.checkCredentialsId(item, value);
        }

        public ListBoxModel doFillLineEndingsItems() {
            return BakeAmiForms.fillLineEndingsItems();
        }

        public FormValidation doCheckLineEndings(@QueryParameter String value, @QueryParameter String checksumMode) {
            return BakeAmiForms.checkLineEndings(value, checksumMode);
        }

        public FormValidation doCheckRole(@QueryParameter String value) {
            return BakeAmiForms.checkRole(value);
        }

        public FormValidation doCheckRoleSessionName(@QueryParameter String value) {
            return BakeAmiForms.checkRoleSessionName(value);
        }

        public FormValidation doCheckExternalId(@QueryParameter String value) {
            return BakeAmiForms.checkExternalId(value);
        }

        public FormValidation doCheckSessionDuration(@QueryParameter String value) {
            return BakeAmiForms.checkSessionDuration(value);
        }

        public ListBoxModel doFillOnErrorItems() {
            return BakeAmiForms.fillOnErrorItems();
        }

        public ListBoxModel doFillInitItems() {
            return BakeAmiForms.fillInitItems();
        }

        public ListBoxModel doFillGithubTokenCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String githubTokenCredentialsId) {
            return BakeAmiForms.fillGithubTokenCredentialsIdItems(item, githubTokenCredentialsId);
        }

        @POST
        public FormValidation doCheckGithubTokenCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return BakeAmiForms.checkGithubTokenCredentialsId(item, value);
        }
    }
}
