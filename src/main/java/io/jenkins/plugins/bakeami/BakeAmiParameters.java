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
 * The parameters of one bakeAmi call, fully resolved on the controller: the user's options with their defaults,
 * the region and endpoint taken from the step's environment when not given, the AWS access, and the step's
 * environment itself (Packer runs in it on the agent). Plain serializable values only (JDK collections that Jenkins'
 * remoting class filter accepts), so it travels to the agent inside {@link BakeAmiCallable}, where it becomes the
 * engine's {@code BakeRequest}. Jenkins-free.
 *
 * <p>The environment may hold secrets (variables bound by {@code withCredentials}): it is never printed, and
 * {@link #toString()} leaves it out, as it leaves out the GitHub token for {@code packer init}.
 */
public final class BakeAmiParameters implements Serializable {
    private final String template;
    private final ArrayList<String> dirs;
    private final String checksumMode;
    private final String region;
    private final String regionSource;
    private final String endpoint;
    private final String tagKey;
    private final ArrayList<String> owners;
    private final LinkedHashMap<String, String> vars;
    private final ArrayList<String> varFiles;
    private final String only;
    private final ArrayList<String> excludes;
    private final boolean force;
    private final boolean dryRun;
    private final String amiIdFile;
    private final String packerPath;
    private final int timeoutMinutes;
    private final String subnetId;
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

    private BakeAmiParameters(BakeAmiSettings s, String template, List<String> dirs, String region, String regionSource,
            String endpoint, List<String> owners, Map<String, String> vars, AgentAwsCredentials credentials,
            Map<String, String> environment, String githubToken) {
        this.template = template;
        this.dirs = new ArrayList<>(dirs);
        this.checksumMode = orDefault(s.getChecksumMode(), BakeAmiDefaults.CHECKSUM_MODE);
        this.region = region;
        this.regionSource = regionSource;
        this.endpoint = endpoint;
        this.tagKey = orDefault(s.getTagKey(), BakeAmiDefaults.TAG_KEY);
        this.owners = new ArrayList<>(owners);
        this.vars = new LinkedHashMap<>(vars);
        this.varFiles = new ArrayList<>(InputRules.splitList(s.getVarFiles(), true));
        this.only = InputRules.trimToNull(s.getOnly());
        this.excludes = new ArrayList<>(InputRules.splitList(s.getExcludes(), true));
        this.force = s.isForce();
        this.dryRun = s.isDryRun();
        this.amiIdFile = orDefault(s.getAmiIdFile(), BakeAmiDefaults.AMI_ID_FILE).replace('\\', '/');
        this.packerPath = orDefault(s.getPackerPath(), BakeAmiDefaults.PACKER_PATH);
        this.timeoutMinutes = s.getTimeoutMinutes();
        this.subnetId = InputRules.trimToNull(s.getSubnetId());
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
        this.access = AgentAwsCredentials.identity(credentials, InputRules.trimToNull(s.getCredentialsId()));
        this.lineEndings = orDefault(s.getLineEndings(), BakeAmiDefaults.LINE_ENDINGS);
        this.debug = s.isDebug();
        this.onError = orDefault(s.getOnError(), BakeAmiDefaults.ON_ERROR);
        this.init = orDefault(s.getInit(), BakeAmiDefaults.INIT);
        this.pluginPath = InputRules.trimToNull(s.getPluginPath());
        this.githubToken = githubToken;
    }

    /**
     * Resolves the settings against the step's environment.
     *
     * @throws IllegalArgumentException with a message naming the option, for any invalid value or a missing region
     */
    public static BakeAmiParameters from(BakeAmiSettings s, Map<String, String> env, AgentAwsCredentials credentials) {
        return from(s, env, credentials, null);
    }

    /** The same, with the secret of {@code githubTokenCredentialsId} (resolved on the controller), or null. */
    public static BakeAmiParameters from(BakeAmiSettings s, Map<String, String> env, AgentAwsCredentials credentials,
            String githubToken) {
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
        check(InputRules.timeoutMinutes(s.getTimeoutMinutes()));
        check(InputRules.amiIdFile(s.getAmiIdFile()));
        check(InputRules.subnetId(s.getSubnetId()));
        check(InputRules.baseImage(s.getBaseImage()));
        check(InputRules.sourceTagKey(s.getSourceTagKey(), s.getTagKey()));
        check(PruneRules.family(s.getFamily()));
        check(PruneRules.keepAfterBake(s.getKeep()));
        check(PruneRules.minAge(s.getMinAge()));
        check(InputRules.lineEndings(s.getLineEndings(), s.getChecksumMode()));
        check(InputRules.onError(s.getOnError()));
        check(InputRules.init(s.getInit()));

        String region = InputRules.trimToNull(s.getRegion());
        String regionSource = "region option";
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
        if (region == null) {
            throw new IllegalArgumentException("no region: set the region option, or AWS_REGION or AWS_DEFAULT_REGION "
                    + "in the step's environment (withEnv, withAWS)");
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
            owners = BakeAmiDefaults.OWNERS;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (String entry : varEntries) {
            int eq = entry.indexOf('=');
            vars.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return new BakeAmiParameters(s, template, dirs, region, regionSource, endpoint, owners, vars, credentials, env,
                githubToken);
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

    private static String orDefault(String value, String defaultValue) {
        String v = InputRules.trimToNull(value);
        return v == null ? defaultValue : v;
    }

    /** One line for the build log: what will be baked, where, with which access; never a secret. */
    public String describe() {
        return "template " + template + ", dirs " + dirs + ", checksum mode " + checksumMode + ", region " + region
                + " (" + regionSource + "), endpoint " + (endpoint == null ? "AWS default" : endpoint)
                + ", owners " + owners + ", " + credentials + (family == null ? "" : ", family " + family)
                + (keep == 0 ? "" : ", then prune: " + retention().describe());
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
