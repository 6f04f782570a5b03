package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport;
import io.jenkins.plugins.bakeami.engine.lifecycle.RetentionPolicy;
import java.io.IOException;
import java.io.PrintStream;
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
 * {@code def pruned = pruneAmis(template: 'ami/packer.json', keep: 3, region: 'us-east-1', credentialsId: 'aws')}:
 * deregisters the old AMIs of the template's family in every region and deletes their snapshots, keeping what
 * retention keeps (docs/lifecycle.md). The current checksum, whose AMI is always kept, is computed on the agent
 * from the same definition options as bakeAmi's. Returns the report as a map.
 */
public final class PruneAmisStep extends Step {
    private final String template;
    private List<String> dirs = new ArrayList<>();
    private String checksumMode;
    private List<String> vars = new ArrayList<>();
    private List<String> varFiles = new ArrayList<>();
    private List<String> excludes = new ArrayList<>();
    private String tagKey;
    private String region;
    private String credentialsId;
    private String endpoint;
    private String family;
    private int keep = RetentionPolicy.DEFAULT_KEEP;
    private String minAge = BakeAmiDefaults.MIN_AGE;
    private boolean includeShared;
    private boolean dryRun;

    @DataBoundConstructor
    public PruneAmisStep(@NonNull String template) {
        this.template = InputRules.trimToNull(template);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    public String getTemplate() {
        return template;
    }

    public List<String> getDirs() {
        return Collections.unmodifiableList(dirs);
    }

    public String getDirsText() {
        return String.join("\n", dirs);
    }

    @DataBoundSetter
    public void setDirs(List<String> dirs) {
        this.dirs = new ArrayList<>(InputRules.splitList(dirs, true));
    }

    public String getChecksumMode() {
        return checksumMode;
    }

    @DataBoundSetter
    public void setChecksumMode(String checksumMode) {
        this.checksumMode = InputRules.trimToNull(checksumMode);
    }

    public List<String> getVars() {
        return Collections.unmodifiableList(vars);
    }

    public String getVarsText() {
        return String.join("\n", vars);
    }

    @DataBoundSetter
    public void setVars(List<String> vars) {
        this.vars = new ArrayList<>(InputRules.splitList(vars, false));
    }

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

    public String getTagKey() {
        return tagKey;
    }

    @DataBoundSetter
    public void setTagKey(String tagKey) {
        this.tagKey = InputRules.trimToNull(tagKey);
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = InputRules.trimToNull(region);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = InputRules.trimToNull(credentialsId);
    }

    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = InputRules.trimToNull(endpoint);
    }

    /** Null: the template's path relative to the workspace, the family bakeAmi tags with by default. */
    public String getFamily() {
        return family;
    }

    @DataBoundSetter
    public void setFamily(String family) {
        this.family = InputRules.trimToNull(family);
    }

    public int getKeep() {
        return keep;
    }

    @DataBoundSetter
    public void setKeep(int keep) {
        this.keep = keep;
    }

    /** As the CLI's {@code --min-age} spells it: {@code 7d} (the default), {@code 36h}, {@code 0}. */
    public String getMinAge() {
        return minAge;
    }

    @DataBoundSetter
    public void setMinAge(String minAge) {
        String age = InputRules.trimToNull(minAge);
        this.minAge = age == null ? BakeAmiDefaults.MIN_AGE : age;
    }

    public boolean isIncludeShared() {
        return includeShared;
    }

    @DataBoundSetter
    public void setIncludeShared(boolean includeShared) {
        this.includeShared = includeShared;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /**
     * Resolves the options on the controller as bakeAmi resolves them, global defaults included (credentials id, else
     * the keys bound around the step, else the global default id, else the agent's chain; region from the option, the
     * step's environment or the global default), into the agent's work.
     *
     * @throws AbortException naming the bad option
     */
    PruneAmisCallable resolve(GlobalDefaults defaults, Run<?, ?> run, EnvVars env, TaskListener listener)
            throws IOException, InterruptedException {
        String problem = PruneRules.keep(keep);
        if (problem != null) {
            throw new AbortException("pruneAmis: " + problem);
        }
        // The definition's checks cover the family and minAge. The checksum comes from a dry run, which runs no
        // packer: no node is needed.
        BakeAmiParameters parameters = BakeAmiRunner.resolve(new PruneAmisDefinition(this), defaults, run, env, null,
                listener, "pruneAmis");
        return new PruneAmisCallable(parameters,
                new RetentionPolicy(keep, parameters.getMinAge(), parameters.isIncludeShared()), dryRun, listener);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "pruneAmis";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PruneAmisStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class, Run.class, EnvVars.class);
        }

        /** The flow graph shows the family's template only. */
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

        public FormValidation doCheckVars(@QueryParameter String value) {
            return BakeAmiForms.checkVars(value);
        }

        public FormValidation doCheckTagKey(@QueryParameter String value) {
            return BakeAmiForms.checkTagKey(value);
        }

        public FormValidation doCheckRegion(@QueryParameter String value) {
            return BakeAmiForms.checkRegion(value);
        }

        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            return BakeAmiForms.checkEndpoint(value);
        }

        public FormValidation doCheckFamily(@QueryParameter String value) {
            return BakeAmiForms.checkFamily(value);
        }

        public FormValidation doCheckKeep(@QueryParameter String value) {
            return BakeAmiForms.checkNumber(value, "keep", PruneRules::keep);
        }

        public FormValidation doCheckMinAge(@QueryParameter String value) {
            return BakeAmiForms.checkMinAge(value);
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

    /** Runs the prune on a pool thread; its EC2 calls are short, so the default stop (an interrupt) is enough. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
        private final transient PruneAmisStep step;

        Execution(PruneAmisStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            TaskListener listener = context.get(TaskListener.class);
            PruneAmisCallable callable = step.resolve(BakeAmiGlobalConfiguration.current(), context.get(Run.class),
                    context.get(EnvVars.class), listener);
            PrintStream log = listener.getLogger();
            log.println(Messages.Log_Prune(callable.describe()));
            PruneReport report = context.get(FilePath.class).act(callable);
            report.table().forEach(line -> log.println(Messages.Log_Prune(line)));
            return report.toMap();
        }

        private static final long serialVersionUID = 1L;
    }
}
