package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def ami = bakeAmi(template: 'ami/packer.json', region: 'us-east-1', credentialsId: 'aws-prod')}: checksums
 * the AMI definition on the agent holding the workspace, returns the AMI carrying that checksum, or bakes it with
 * Packer. Returns the AMI id.
 */
public final class BakeAmiStep extends Step implements BakeAmiSettings {
    private final String template;
    private List<String> dirs = new ArrayList<>();
    private String checksumMode = BakeAmiDefaults.CHECKSUM_MODE;
    private String region;
    private String credentialsId;
    private String endpoint;
    private String tagKey = BakeAmiDefaults.TAG_KEY;
    private List<String> owners = new ArrayList<>(BakeAmiDefaults.OWNERS);
    private List<String> vars = new ArrayList<>();
    private List<String> varFiles = new ArrayList<>();
    private String only;
    private List<String> excludes = new ArrayList<>();
    private boolean force;
    private boolean dryRun;
    private boolean archive = BakeAmiDefaults.ARCHIVE;
    private String amiIdFile = BakeAmiDefaults.AMI_ID_FILE;
    private String packerPath = BakeAmiDefaults.PACKER_PATH;
    private int timeoutMinutes = BakeAmiDefaults.TIMEOUT_MINUTES;
    private String subnetId;

    @DataBoundConstructor
    public BakeAmiStep(@NonNull String template) {
        this.template = InputRules.trimToNull(template);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
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
        String mode = InputRules.trimToNull(checksumMode);
        this.checksumMode = mode == null ? BakeAmiDefaults.CHECKSUM_MODE : mode;
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
        String key = InputRules.trimToNull(tagKey);
        this.tagKey = key == null ? BakeAmiDefaults.TAG_KEY : key;
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
        List<String> list = InputRules.splitList(owners, true);
        this.owners = new ArrayList<>(list.isEmpty() ? BakeAmiDefaults.OWNERS : list);
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
    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) {
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

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "bakeAmi";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BakeAmiStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, TaskListener.class, Run.class, EnvVars.class);
        }

        /** The flow graph shows only the template: never variables, endpoints or credentials ids. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object template = namedArgs.get("template");
            return template instanceof String ? (String) template : null;
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

        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return BakeAmiForms.fillCredentialsIdItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return BakeAmiForms.checkCredentialsId(item, value);
        }
    }

    /**
     * Runs the bake on a pool thread (the CPS thread stays free). The step is transient: an execution cannot resume
     * after a controller restart, by design of {@link SynchronousNonBlockingStepExecution}.
     *
     * <p>Stop: the default would interrupt the thread and end the step at once, while Packer still cleans up on the
     * agent; the node block would then end and Jenkins would kill Packer with the build's other processes, leaking
     * its instance. So the first stop only interrupts the thread running {@link #run()}: the bake is stopped on the
     * agent, cleans up, and then the step ends with the stop's cause (the build is ABORTED). A second stop (the user
     * insists) ends the step at once, as the default does.
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
        private final transient BakeAmiStep step;
        private transient volatile Thread runner;
        private transient volatile Throwable stopCause;

        Execution(BakeAmiStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            runner = Thread.currentThread();
            try {
                StepContext context = getContext();
                BakeAmiSummary summary = BakeAmiRunner.bake(step, context.get(Run.class), context.get(FilePath.class),
                        context.get(EnvVars.class), context.get(Launcher.class), context.get(TaskListener.class));
                return summary.getAmiId();
            } catch (Exception e) {
                // After a stop, whatever the interrupt caused (usually the agent's InterruptedException, whose message
                // says what the cleanup did; an SDK call may fail otherwise) ends the step with the stop's cause.
                Throwable cause = stopCause;
                if (cause instanceof Exception stop) {
                    stop.addSuppressed(e);
                    throw stop;
                }
                throw e;
            } finally {
                runner = null;
            }
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            Thread thread = runner;
            if (thread != null && stopCause == null) {
                stopCause = cause;
                thread.interrupt();
                return;
            }
            super.stop(cause);
        }

        private static final long serialVersionUID = 1L;
    }
}
