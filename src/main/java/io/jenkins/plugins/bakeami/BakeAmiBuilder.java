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

        public ListBoxModel doFillChecksumModeItems() {
            return BakeAmiForms.fillChecksumModeItems();
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
    }
}
