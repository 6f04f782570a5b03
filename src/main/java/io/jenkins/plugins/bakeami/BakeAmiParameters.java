package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.lifecycle.Ages;
import io.jenkins.plugins.bakeami.engine.lifecycle.RetentionPolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one bakeAmi call, fully resolved on the controller: the user's options, else the global defaults
 * ({@link GlobalDefaults}), else the built-in ones ({@link BakeAmiDefaults}); the region and endpoint taken from the
 * step's environment when not given (the region before its global default: the build's own environment is the more
 * specific); the AWS access; which packer runs; and the step's environment itself (Packer runs in it on the agent).
 * {@link #describe()} says where each of those values came from. Plain serializable values only (JDK collections
 * that Jenkins' remoting class filter accepts), so it travels to the agent inside {@link BakeAmiCallable}, where it becomes the
 * engine's {@code BakeRequest}. Jenkins-free.
 *
 * <p>The environment may hold secrets (variables bound by {@code withCredentials}): it is never printed, and
 * {@link #toString()} leaves it out, as it leaves out the GitHub token for {@code packer init}.
 */
public final class BakeAmiParameters implements Serializable {
    private final String template;
    private final ArrayList<String> dirs;
    private final String checksumMode;
    private final String checksumModeSource;
    private final String region;
    private final String regionSource;
    private final String endpoint;
    private final String tagKey;
    private final String tagKeySource;
    private final ArrayList<String> owners;
    private final String ownersSource;
    private final LinkedHashMap<String, String> vars;
    private final ArrayList<String> varFiles;
    private final String only;
    private final ArrayList<String> excludes;
    private final boolean force;
    private final boolean dryRun;
    private final String amiIdFile;
    private final String packerPath;
    private final String packerSource;
    private final int timeoutMinutes;
    private final String timeoutSource;
    private final String subnetId;
    private final String credentialsId;
    private final AgentAwsCredentials credentials;
    private final LinkedHashMap<String, String> environment;
    private final String baseImage;
    private final String sourceTagKey;
    private final boolean repairRegions;
    private final String family;
    private final int keep;
    private final Duration minAge;
    private final boolean includeShared;
    private final String access;
    private final String lineEndings;
    private final boolean debug;
    private final String onError;
    private final String init;
    private final String pluginPath;
    private final String githubToken;

    private BakeAmiParameters(BakeAmiSettings s, GlobalDefaults d, String template, List<String> dirs, String region,
            String regionSource, String endpoint, List<String> owners, Map<String, String> vars, String packerTool,
            String credentialsId, AgentAwsCredentials credentials, Map<String, String> environment,
            String githubToken) {
        this.template = template;
        this.dirs = new ArrayList<>(dirs);
        this.checksumMode = firstSet(s.getChecksumMode(), d.getChecksumMode(), BakeAmiDefaults.CHECKSUM_MODE);
        this.checksumModeSource = source(s.getChecksumMode(), d.getChecksumMode());
        this.region = region;
        this.regionSource = regionSource;
        this.endpoint = endpoint;
        this.tagKey = firstSet(s.getTagKey(), d.getTagKey(), BakeAmiDefaults.TAG_KEY);
        this.tagKeySource = source(s.getTagKey(), d.getTagKey());
        this.owners = new ArrayList<>(owners);
        this.ownersSource = source(s.getOwners().isEmpty() ? null : s.getOwners(),
                d.getOwners().isEmpty() ? null : d.getOwners());
        this.vars = new LinkedHashMap<>(vars);
        this.varFiles = new ArrayList<>(InputRules.splitList(s.getVarFiles(), true));
        this.only = InputRules.trimToNull(s.getOnly());
        this.excludes = new ArrayList<>(InputRules.splitList(s.getExcludes(), true));
        this.force = s.isForce();
        this.dryRun = s.isDryRun();
        this.amiIdFile = orDefault(s.getAmiIdFile(), BakeAmiDefaults.AMI_ID_FILE).replace('\\', '/');
        String pathOption = packerPathOption(s);
        this.packerPath = pathOption != null ? pathOption : packerTool != null ? packerTool : BakeAmiDefaults.PACKER_PATH;
        this.packerSource = pathOption != null ? "packerPath option" : packerTool != null
                ? "tool '" + packerToolName(s, d) + "', " + source(s.getPackerTool(), d.getPackerInstallation()) : "PATH";
        Integer timeout = s.getTimeoutMinutes() != null ? s.getTimeoutMinutes() : d.getTimeoutMinutes();
        this.timeoutMinutes = timeout == null ? BakeAmiDefaults.TIMEOUT_MINUTES : timeout;
        this.timeoutSource = source(s.getTimeoutMinutes(), d.getTimeoutMinutes());
        this.subnetId = InputRules.trimToNull(s.getSubnetId());
        this.credentialsId = credentialsId;
        this.credentials = credentials;
        this.environment = new LinkedHashMap<>(environment);
        this.baseImage = orDefault(s.getBaseImage(), BakeAmiDefaults.BASE_IMAGE);
        this.sourceTagKey = orDefault(s.getSourceTagKey(), BakeAmiDefaults.SOURCE_TAG_KEY);
        this.repairRegions = s.isRepairRegions();
        this.family = InputRules.trimToNull(s.getFamily());
        this.keep = s.getKeep();
        String age = InputRules.trimToNull(s.getMinAge());
        this.minAge = Ages.parse(age == null ? BakeAmiDefaults.MIN_AGE : age, "minAge");
        this.includeShared = s.isIncludeShared();
        this.access = AgentAwsCredentials.identity(credentials, credentialsId);
        this.lineEndings = orDefault(s.getLineEndings(), BakeAmiDefaults.LINE_ENDINGS);
        this.debug = s.isDebug();
        this.onError = orDefault(s.getOnError(), BakeAmiDefaults.ON_ERROR);
        this.init = orDefault(s.getInit(), BakeAmiDefaults.INIT);
        this.pluginPath = InputRules.trimToNull(s.getPluginPath());
        this.githubToken = githubToken;
    }

    /**
     * Resolves the settings against the step's environment, without global defaults, Packer tools or a GitHub token:
     * the credentials come from the step's own credentials id, if it has one.
     */
    public static BakeAmiParameters from(BakeAmiSettings s, Map<String, String> env, AgentAwsCredentials credentials) {
        return from(s, GlobalDefaults.NONE, env, InputRules.trimToNull(s.getCredentialsId()), credentials, null, null);
    }

    /**
     * Resolves the settings against the global defaults and the step's environment.
     *
     * @param credentialsId the credentials id that {@code credentials} come from ({@link #credentialsId}), or null
     * @param packerTool    the executable of the Packer installation that {@link #packerToolName} names, resolved for
     *                      the workspace's node; null when it names none
     * @param githubToken   the secret of {@code githubTokenCredentialsId} (resolved on the controller), or null
     * @throws IllegalArgumentException with a message naming the option (and the global default, when the value came
     *                                  from there), for any invalid value or a missing region
     */
    public static BakeAmiParameters from(BakeAmiSettings s, GlobalDefaults d, Map<String, String> env,
            String credentialsId, AgentAwsCredentials credentials, String packerTool, String githubToken) {
        String template = InputRules.trimToNull(s.getTemplate());
        List<String> dirs = s.getDirs(); // as the setters split them (InputRules.definitionDirectories)
        List<String> owners = InputRules.splitList(s.getOwners(), true);
        List<String> varEntries = InputRules.splitList(s.getVars(), false);
        check(InputRules.template(template));
        check(InputRules.dirs(dirs));
        check(InputRules.checksumMode(s.getChecksumMode()));
        check(InputRules.region(s.getRegion(), env));
        check(InputRules.endpoint(s.getEndpoint()));
        check(InputRules.tagKey(s.getTagKey()));
        check(InputRules.owners(owners));
        check(InputRules.vars(varEntries));
        check(s.getTimeoutMinutes() == null ? null : InputRules.timeoutMinutes(s.getTimeoutMinutes()));
        check(InputRules.amiIdFile(s.getAmiIdFile()));
        check(InputRules.subnetId(s.getSubnetId()));
        check(InputRules.baseImage(s.getBaseImage()));
        check(PruneRules.family(s.getFamily()));
        check(PruneRules.keepAfterBake(s.getKeep()));
        check(PruneRules.minAge(s.getMinAge()));
        check(InputRules.onError(s.getOnError()));
        check(InputRules.init(s.getInit()));
        // A global default is checked where it applies: a job that sets the option itself is not failed by it.
        if (InputRules.trimToNull(s.getChecksumMode()) == null) {
            checkDefault(InputRules.checksumMode(d.getChecksumMode()));
        }
        if (InputRules.trimToNull(s.getTagKey()) == null) {
            checkDefault(InputRules.tagKey(d.getTagKey()));
        }
        if (owners.isEmpty()) {
            checkDefault(InputRules.owners(d.getOwners()));
        }
        if (s.getTimeoutMinutes() == null && d.getTimeoutMinutes() != null) {
            checkDefault(InputRules.timeoutMinutes(d.getTimeoutMinutes()));
        }
        if (packerToolName(s, d) != null && packerPathOption(s) == null && packerTool == null) {
            throw new IllegalStateException("the Packer installation " + packerToolName(s, d) + " was not resolved");
        }
        // Against the tag key and checksum mode that apply, which may be the global defaults.
        check(InputRules.sourceTagKey(s.getSourceTagKey(),
                firstSet(s.getTagKey(), d.getTagKey(), BakeAmiDefaults.TAG_KEY)));
        check(InputRules.lineEndings(s.getLineEndings(),
                firstSet(s.getChecksumMode(), d.getChecksumMode(), BakeAmiDefaults.CHECKSUM_MODE)));

        String region = InputRules.trimToNull(s.getRegion());
        String regionSource = "option";
        if (region == null) {
            for (String variable : BakeAmiDefaults.REGION_VARIABLES) {
                region = InputRules.trimToNull(env.get(variable));
                if (region != null) {
                    regionSource = variable;
                    checkEnv(variable, InputRules.region(region, env));
                    break;
                }
            }
        }
        if (region == null && d.getRegion() != null) {
            region = d.getRegion();
            regionSource = GLOBAL_DEFAULT;
            checkDefault(InputRules.region(region, env));
        }
        if (region == null) {
            throw new IllegalArgumentException("no region: set the region option, or AWS_REGION or AWS_DEFAULT_REGION "
                    + "in the step's environment (withEnv, withAWS), or a default region in Manage Jenkins → System");
        }
        String endpoint = InputRules.trimToNull(s.getEndpoint());
        if (endpoint == null) {
            for (String variable : BakeAmiDefaults.ENDPOINT_VARIABLES) {
                endpoint = InputRules.trimToNull(env.get(variable));
                if (endpoint != null) {
                    checkEnv(variable, InputRules.endpoint(endpoint));
                    break;
                }
            }
        }
        if (dirs.isEmpty()) {
            dirs = List.of(directoryOf(template));
        }
        if (owners.isEmpty()) {
            owners = d.getOwners().isEmpty() ? BakeAmiDefaults.OWNERS : d.getOwners();
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (String entry : varEntries) {
            int eq = entry.indexOf('=');
            vars.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return new BakeAmiParameters(s, d, template, dirs, region, regionSource, endpoint, owners, vars, packerTool,
                credentialsId, credentials, env, githubToken);
    }

    /**
     * The Packer installation a bake uses: the {@code packerTool} option, else the global default; null when the
     * {@code packerPath} option names an executable (it wins), for a dry run, or when neither is set (packer on the
     * PATH).
     */
    static String packerToolName(BakeAmiSettings s, GlobalDefaults d) {
        if (packerPathOption(s) != null || s.isDryRun()) { // a dry run does not run packer
            return null;
        }
        String option = InputRules.trimToNull(s.getPackerTool());
        return option != null ? option : d.getPackerInstallation();
    }

    /** The packerPath option when it names an executable other than the default {@code packer} (on the PATH). */
    private static String packerPathOption(BakeAmiSettings s) {
        String path = InputRules.trimToNull(s.getPackerPath());
        return path == null || path.equals(BakeAmiDefaults.PACKER_PATH) ? null : path;
    }

    /** The directory of the template, relative to the workspace ("." for a template at the top). */
    static String directoryOf(String template) {
        String path = template.replace('\\', '/');
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? (slash == 0 ? "/" : ".") : path.substring(0, slash);
    }

    private static void check(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static void checkEnv(String variable, String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(variable + " of the step's environment: " + problem);
        }
    }

    private static void checkDefault(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(GLOBAL_DEFAULT_PLACE + ": " + problem);
        }
    }

    private static String orDefault(String value, String defaultValue) {
        String v = InputRules.trimToNull(value);
        return v == null ? defaultValue : v;
    }

    private static String firstSet(String option, String globalDefault, String builtIn) {
        return orDefault(option, orDefault(globalDefault, builtIn));
    }

    /** Where a value came from: the step's option, the global default, or the built-in default. */
    private static String source(Object option, Object globalDefault) {
        if (option != null && !(option instanceof String text && InputRules.trimToNull(text) == null)) {
            return "option";
        }
        return globalDefault != null ? GLOBAL_DEFAULT : "default";
    }

    static final String GLOBAL_DEFAULT = "global default";
    private static final String GLOBAL_DEFAULT_PLACE = "the global default (Manage Jenkins → System, Bake AMI)";

    /** One line for the build log: what will be baked, where, with which access, each value's source; never a secret. */
    public String describe() {
        return "template " + template + ", dirs " + dirs + ", checksum mode " + checksumMode + " (" + checksumModeSource
                + "), region " + region + " (" + regionSource + "), endpoint " + (endpoint == null ? "AWS default"
                : endpoint) + ", tag key " + tagKey + " (" + tagKeySource + "), owners " + owners + " (" + ownersSource
                + "), timeout " + (timeoutMinutes > 0 ? timeoutMinutes + " min" : "none") + " (" + timeoutSource
                + "), packer " + (dryRun ? "not run (dry run)" : packerPath + " (" + packerSource + ")") + ", " + credentials
                + (family == null ? "" : ", family " + family) + (keep == 0 ? "" : ", then prune: " + retention().describe());
    }

    public String getTemplate() {
        return template;
    }

    public List<String> getDirs() {
        return Collections.unmodifiableList(dirs);
    }

    public String getChecksumMode() {
        return checksumMode;
    }

    public String getRegion() {
        return region;
    }

    /** null: the AWS SDK's and Packer's default endpoint for the region. */
    public String getEndpoint() {
        return endpoint;
    }

    public String getTagKey() {
        return tagKey;
    }

    public List<String> getOwners() {
        return Collections.unmodifiableList(owners);
    }

    public Map<String, String> getVars() {
        return Collections.unmodifiableMap(vars);
    }

    public List<String> getVarFiles() {
        return Collections.unmodifiableList(varFiles);
    }

    public String getOnly() {
        return only;
    }

    public List<String> getExcludes() {
        return Collections.unmodifiableList(excludes);
    }

    public boolean isForce() {
        return force;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Workspace-relative path of the {@code {"ami_id": ...}} file. */
    public String getAmiIdFile() {
        return amiIdFile;
    }

    public String getPackerPath() {
        return packerPath;
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    public String getSubnetId() {
        return subnetId;
    }

    /** track, require or ignore. */
    public String getBaseImage() {
        return baseImage;
    }

    public String getSourceTagKey() {
        return sourceTagKey;
    }

    public boolean isRepairRegions() {
        return repairRegions;
    }

    /** The Jenkins credentials id the AWS access came from (the option or the global default), or null. */
    public String getCredentialsId() {
        return credentialsId;
    }

    public AgentAwsCredentials getCredentials() {
        return credentials;
    }

    public String getLineEndings() {
        return lineEndings;
    }

    public boolean isDebug() {
        return debug;
    }

    public String getOnError() {
        return onError;
    }

    public String getInit() {
        return init;
    }

    /** null: the agent's own PACKER_PLUGIN_PATH. */
    public String getPluginPath() {
        return pluginPath;
    }

    /** The token {@code packer init} downloads with, or null. A secret: never print it. */
    public String getGithubToken() {
        return githubToken;
    }

    /** The step's environment (EnvVars), as a plain map: what Packer runs with. Never print it. */
    public Map<String, String> getEnvironment() {
        return Collections.unmodifiableMap(environment);
    }

    /** Null: the template's path relative to the workspace. */
    public String getFamily() {
        return family;
    }

    /** What to prune after the bake; null when {@code keep} is 0 (no pruning). */
    public RetentionPolicy retention() {
        return keep == 0 ? null : new RetentionPolicy(keep, minAge, includeShared);
    }

    public Duration getMinAge() {
        return minAge;
    }

    public boolean isIncludeShared() {
        return includeShared;
    }

    /** Who the bake acts as, in words, never a secret: the journal sweeps only entries recorded with the same. */
    public String getAccess() {
        return access;
    }

    @Override
    public String toString() {
        return "BakeAmiParameters[" + describe() + "]";
    }

    private static final long serialVersionUID = 1L;
}
