package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def ami = bakeAmi(template: 'ami/packer.json', region: 'us-east-1', credentialsId: 'aws-prod')}: checksums
 * the AMI definition on the agent holding the workspace, returns the AMI carrying that checksum, or bakes it with
 * Packer. Returns the AMI id. Survives a restart of the controller (see {@link Execution}); Serializable because
 * the execution keeps it, to resolve the options again after a restart (program.dat holds the pipeline's own
 * arguments anyway; the AWS keys are never in it).
 */
public final class BakeAmiStep extends Step implements BakeAmiSettings, Serializable {
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
    public BakeAmiStep(@NonNull String template) {
        this.template = InputRules.trimToNull(template);
    }

    /** A step kept in program.dat by a version before base images were tracked gets their defaults. */
    private Object readResolve() {
        if (baseImage == null) {
            baseImage = BakeAmiDefaults.BASE_IMAGE;
            sourceTagKey = BakeAmiDefaults.SOURCE_TAG_KEY;
            repairRegions = BakeAmiDefaults.REPAIR_REGIONS;
        }
        return this;
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

    private static final long serialVersionUID = 1L;

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

    /**
     * The bake as a durable execution, modelled on workflow-durable-task-step's {@code DurableTaskStep.Execution}:
     * {@link #start()} returns at once; the bake ({@link DurableBake}) advances in short calls to the agent from
     * Jenkins' timer ({@link Timer}), pausing between polls from a quarter of a second up to 15 s while Packer prints
     * nothing. Packer runs detached on the agent, so a controller restart does not touch it: the execution is kept in
     * program.dat (plain, secret-free state: the step's options, the bake's phase and Packer's run, the node name and
     * the workspace path, the global defaults it started with) and {@link #onResume()} attaches again: it finds the
     * workspace from node and path, resolves the options, the AWS access (credentials id or the step's bound
     * environment) and packer (a Packer installation's home on that node) again against the same defaults, takes its
     * lock again and goes on polling; a Packer that ended meanwhile is finished from its status file and log.
     *
     * <p>{@link #start()} only records the workspace: the first advance resolves (on Jenkins' timer, not on the
     * pipeline's thread: a Packer installation may have to be installed on the node first), exactly as an advance
     * after a restart does.
     *
     * <p>An agent that cannot be reached (offline, reconnecting, removed) is waited for, saying so once, up to
     * {@link #AGENT_WAIT} (like {@code sh}, which waits for a removed node's return for the same time); then the step
     * fails saying where Packer's files are.
     *
     * <p>Stop: the first stop sends Packer SIGTERM (at the next advance, at once) and lets it clean up; the polls show
     * its cleanup; then the EC2 cleanup says in one line what was removed, and the step ends with the stop's own cause
     * (a {@code FlowInterruptedException}: ABORTED, no stack trace). A second stop kills Packer at once.
     */
    static final class Execution extends StepExecution implements Runnable {
        /** How long an unreachable agent is waited for: like a removed node's for {@code sh} (5 min). */
        static final Duration AGENT_WAIT = Duration.ofMinutes(
                Long.getLong(BakeAmiStep.class.getName() + ".agentWaitMinutes", 5));

        private final BakeAmiStep step;
        private final DurableBake bake;
        /** {@code FilePathUtils.getNodeName} of the workspace: "" for the built-in node. */
        private String node;
        /** {@code FilePath.getRemote} of the workspace. */
        private String remote;
        /** The cause Jenkins gave the first stop; the step ends with it. */
        private Throwable stopCause;
        /** The global defaults of the first resolve, kept so that a restart resolves the same way; null before it. */
        private GlobalDefaults defaults;

        private transient volatile BakeAmiParameters parameters;
        private transient volatile FilePath workspace;
        private transient volatile AgentCalls agent;
        private transient ScheduledFuture<?> task;
        private transient boolean done;
        /** When the agent was first found unreachable (epoch millis), 0 while it is reachable. */
        private transient long unreachableSince;

        Execution(BakeAmiStep step, StepContext context) {
            super(context);
            this.step = step;
            this.bake = new DurableBake(BakeAmiRunner.newBakeId());
        }

        @Override
        public boolean start() throws Exception {
            StepContext context = getContext();
            FilePath ws = context.get(FilePath.class);
            node = FilePathUtils.getNodeName(ws);
            remote = ws.getRemote();
            workspace = ws;
            schedule(0);
            return false;
        }

        @Override
        public void onResume() {
            workspace = null; // find it from node and path again
            print(Messages.Log_Resumed(bake.toString()));
            schedule(0);
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            if (stopCause == null) {
                stopCause = cause;
            }
            print(Messages.Log_Stopping());
            bake.requestStop();
            AgentCalls calls = agent;
            if (calls != null) {
                calls.cancelCurrent(); // only the probe can be cut short; Packer is stopped by the next advance
            }
            schedule(0);
        }

        @Override
        public String getStatus() {
            return bake + (workspace == null ? "; looking for " + remote + " on " + node : "");
        }

        /** One advance of the bake, on Jenkins' timer; one at a time. */
        @Override
        public void run() {
            synchronized (bake) {
                if (done) {
                    return;
                }
                try {
                    advance();
                } catch (Exception e) {
                    finish(null, e);
                }
            }
        }

        private void advance() throws Exception {
            FilePath ws = workspace;
            if (ws == null) {
                ws = FilePathUtils.find(node, remote);
                if (ws == null) {
                    unreachable("offline, or no longer configured");
                    return;
                }
                workspace = ws;
                agent = null;
            }
            if (parameters == null) { // the first advance, and after a restart (once the node is back)
                try {
                    resolve();
                } catch (InterruptedException e) {
                    return; // Jenkins shuts down and stopped its timer: onResume resolves again
                }
            }
            if (agent == null) {
                agent = new AgentCalls(ws, null); // a stop comes through stop(); an interrupt means shutting down
            }
            DurableBake.Next next;
            try {
                next = bake.advance(agent, parameters, locks(), this::print);
            } catch (AbortException e) {
                throw e;
            } catch (IOException e) {
                workspace = null;
                unreachable(e.toString());
                return;
            } catch (InterruptedException e) {
                if (stopCause != null) {
                    schedule(0); // a cut probe: the next advance ends the stopped bake
                }
                return; // else Jenkins shuts down and stopped its timer: onResume goes on from the saved state
            }
            if (unreachableSince != 0) {
                unreachableSince = 0;
                print(Messages.Log_AgentBack(BakeAmiRunner.nodeDisplayName(node)));
            }
            if (next.isDone()) {
                finish(next, null);
                return;
            }
            getContext().saveState(); // the log offset moved on: a restart shows no line twice
            schedule(next.pauseMillis());
        }

        /** Options, AWS access and packer, against the defaults the step started with (taken now the first time). */
        private void resolve() throws IOException, InterruptedException {
            boolean first = defaults == null;
            if (first) {
                defaults = BakeAmiGlobalConfiguration.current();
            }
            StepContext context = getContext();
            parameters = BakeAmiRunner.resolve(step, defaults, context.get(Run.class), context.get(EnvVars.class), node,
                    context.get(TaskListener.class));
            if (first) {
                print(Messages.Log_Starting(parameters.describe()));
            } else {
                bake.reclaimLock(locks());
            }
        }

        /** Waits for the agent (saying so once), up to {@link #AGENT_WAIT}; then fails naming where Packer is. */
        private void unreachable(String problem) throws AbortException {
            long now = System.currentTimeMillis();
            if (unreachableSince == 0) {
                unreachableSince = now;
                print(Messages.Log_AgentUnreachable(BakeAmiRunner.nodeDisplayName(node), problem, AGENT_WAIT.toMinutes()));
            } else if (now - unreachableSince > AGENT_WAIT.toMillis()) {
                throw new AbortException(Messages.AgentGone(BakeAmiRunner.nodeDisplayName(node), AGENT_WAIT.toMinutes(),
                        remote + "@tmp/bakeAmi-*"));
            }
            schedule(DurableBake.MAX_PAUSE_MILLIS);
        }

        /** Ends the step: the result recorded on the build, or the failure, or the stop's own cause. */
        private void finish(DurableBake.Next next, Exception error) {
            done = true;
            StepContext context = getContext();
            try {
                if (error != null) {
                    context.onFailure(stopCause != null ? stopCause : error);
                } else if (next.summary() != null) {
                    BakeAmiRunner.record(step, next, context.get(Run.class), workspace, context.get(Launcher.class),
                            context.get(TaskListener.class));
                    if (next.stopped() != null) { // during the prune after the bake
                        context.onFailure(stopCause != null ? stopCause : new AbortException(next.stopped()));
                    } else {
                        context.onSuccess(next.summary().getAmiId());
                    }
                } else {
                    BakeAmiRunner.archiveDebugLog(step, next, context.get(Run.class), workspace,
                            context.get(Launcher.class), context.get(TaskListener.class));
                    context.onFailure(next.stopped() != null
                            ? (stopCause != null ? stopCause : new AbortException(next.stopped()))
                            : new AbortException(next.failure()));
                }
            } catch (Exception e) {
                context.onFailure(e);
            }
        }

        private DurableBake.Locks locks() throws IOException, InterruptedException {
            return BakeLockTable.CONTROLLER.forBuild(getContext().get(Run.class).getExternalizableId());
        }

        private synchronized void schedule(long delayMillis) {
            if (done) {
                return;
            }
            if (task != null) {
                task.cancel(false);
            }
            task = Timer.get().schedule(this, delayMillis, TimeUnit.MILLISECONDS);
        }

        private void print(String line) {
            try {
                getContext().get(TaskListener.class).getLogger().println(line);
            } catch (IOException | InterruptedException e) {
                // the build is gone: nobody reads its log any more
            }
        }

        /** A consistent snapshot: never in the middle of an advance (program.dat is written from another thread). */
        private void writeObject(ObjectOutputStream out) throws IOException {
            synchronized (bake) {
                out.defaultWriteObject();
            }
        }

        private static final long serialVersionUID = 1L;
    }
}
