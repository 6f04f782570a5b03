package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything one bake needs, as plain values: it travels to a Jenkins agent, so it holds no live objects.
 * Relative paths are resolved against {@link #workDirectory()}.
 */
public final class BakeRequest implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_TAG_KEY = "ami_config_checksum";
    public static final String DEFAULT_CHECKSUM_MODE = "ami-bakery";
    public static final String DEFAULT_CHECKSUM_VARIABLE = "config_checksum";
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(150);
    public static final String DEFAULT_SOURCE_TAG_KEY = "ami_source_ami";
    public static final String DEFAULT_LINE_ENDINGS = "exact";
    public static final String DEFAULT_ON_ERROR = "cleanup";
    public static final String DEFAULT_INIT = "auto";

    private final String workDirectory;
    private final String template;
    private final List<String> dirs;
    private final String checksumMode;
    private final List<String> excludes;
    private final List<String> extraInputs;
    private final String region;
    private final String endpoint;
    private final AwsKeys keys;
    private final Map<String, String> environment;
    private final String tagKey;
    private final List<String> owners;
    private final Map<String, String> vars;
    private final List<String> varFiles;
    private final List<String> only;
    private final String subnetId;
    private final String checksumVariable;
    private final boolean force;
    private final boolean dryRun;
    private final String amiIdFile;
    private final String listingFile;
    private final String packerPath;
    private final Duration timeout;
    private final Duration gracePeriod;
    private final String family;
    private final BaseImagePolicy baseImage;
    private final String sourceTagKey;
    private final boolean repairRegions;
    private final String bakeId;
    private final String accessName;
    private final AwsRole role;
    private final String lineEndings;
    private final boolean debug;
    private final String onError;
    private final String init;
    private final String pluginPath;
    private final String githubToken;

    private BakeRequest(Builder b) {
        workDirectory = Objects.requireNonNull(b.workDirectory, "workDirectory");
        template = b.template;
        dirs = List.copyOf(b.dirs);
        checksumMode = b.checksumMode;
        excludes = List.copyOf(b.excludes);
        extraInputs = List.copyOf(b.extraInputs);
        region = b.region;
        endpoint = b.endpoint;
        keys = b.keys;
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        tagKey = b.tagKey;
        owners = List.copyOf(b.owners);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(b.vars));
        varFiles = List.copyOf(b.varFiles);
        only = List.copyOf(b.only);
        subnetId = b.subnetId;
        checksumVariable = b.checksumVariable;
        force = b.force;
        dryRun = b.dryRun;
        amiIdFile = b.amiIdFile;
        listingFile = b.listingFile;
        packerPath = b.packerPath;
        timeout = b.timeout;
        gracePeriod = b.gracePeriod;
        family = b.family;
        baseImage = b.baseImage;
        sourceTagKey = b.sourceTagKey;
        repairRegions = b.repairRegions;
        bakeId = Objects.requireNonNull(b.bakeId, "bakeId");
        accessName = b.accessName;
        role = b.role;
        lineEndings = b.lineEndings;
        debug = b.debug;
        onError = b.onError;
        init = b.init;
        pluginPath = b.pluginPath;
        githubToken = b.githubToken;
    }

    public static Builder builder(String workDirectory) {
        return new Builder(workDirectory);
    }

    /** Where relative paths start and {@code .ami_id.json} goes by default (the workspace, the CLI's cwd). */
    public String workDirectory() { return workDirectory; }
    /** The Packer template: a JSON file, an HCL2 file or a directory of HCL2 files. */
    public String template() { return template; }
    /** The AMI definition directories; empty means the template's directory. */
    public List<String> dirs() { return dirs; }
    public String checksumMode() { return checksumMode; }
    public List<String> excludes() { return excludes; }
    public List<String> extraInputs() { return extraInputs; }
    public String region() { return region; }
    /** Explicit EC2 endpoint, or null: then {@code AWS_ENDPOINT_URL_EC2} / {@code AWS_ENDPOINT_URL} of {@link #environment()}. */
    public String endpoint() { return endpoint; }
    /** Null: the default provider chain of the machine the bake runs on. */
    public AwsKeys keys() { return keys; }
    /** The environment Packer runs in and endpoint variables are read from (the CLI's own, or the Jenkins step's). */
    public Map<String, String> environment() { return environment; }
    public String tagKey() { return tagKey; }
    public List<String> owners() { return owners; }
    public Map<String, String> vars() { return vars; }
    public List<String> varFiles() { return varFiles; }
    public List<String> only() { return only; }
    /** The seed's {@code AWS_SUBNET_ID}, passed as {@code aws_subnet_id} when the template declares it. */
    public String subnetId() { return subnetId; }
    public String checksumVariable() { return checksumVariable; }
    public boolean force() { return force; }
    public boolean dryRun() { return dryRun; }
    public String amiIdFile() { return amiIdFile; }
    /** Where to write the checksum's explain listing, or null for nowhere. */
    public String listingFile() { return listingFile; }
    /** Null: {@code packer} on the PATH of {@link #environment()}. */
    public String packerPath() { return packerPath; }
    /** Null: no timeout. */
    public Duration timeout() { return timeout; }
    public Duration gracePeriod() { return gracePeriod; }
    /** The {@code ami_family} tag's value; null: the template's path relative to the work directory. */
    public String family() { return family; }
    /** Whether the lookup follows the template's source image: track (default), require or ignore. */
    public BaseImagePolicy baseImage() { return baseImage; }
    /** The tag that records the source image on the AMI and its snapshots. */
    public String sourceTagKey() { return sourceTagKey; }
    /** Whether a region that lacks the AMI gets a copy (true) or the bake runs Packer again (false). */
    public boolean repairRegions() { return repairRegions; }
    /** Names this bake in the journal of the machine that runs Packer (and, in Jenkins, its control directory). */
    public String bakeId() { return bakeId; }

    /**
     * Who the bake acts as, in words and never a secret ({@code credentials aws-prod}, {@code access key AKIA...},
     * {@code default chain profile ci}, each followed by {@code as role ARN} with a role): a bake sweeps only journal
     * entries recorded with the same. Unless set, the keys' access key id, else the default chain with the
     * environment's {@code AWS_PROFILE}; and the role's ARN, never its sessions' keys (new ones every session).
     */
    public String accessName() {
        return accessName != null ? accessName : accessName(keys, role, environment);
    }

    /**
     * The access of these keys in words: their access key id, else the default chain with the environment's profile;
     * with the role assumed with them, if any.
     */
    public static String accessName(AwsKeys keys, AwsRole role, Map<String, String> environment) {
        String profile = environment.get("AWS_PROFILE");
        String source = keys != null ? "access key " + keys.accessKeyId()
                : "default chain" + (profile == null || profile.isBlank() ? "" : " profile " + profile.strip());
        return role == null ? source : source + " as role " + role.arn();
    }

    /** The role to assume with {@link #keys()} (or the default chain), here and in Packer; null: none. */
    public AwsRole role() { return role; }
    /** Strict mode: {@code exact} or {@code normalize} (CRLF read as LF in text files). */
    public String lineEndings() { return lineEndings; }
    /** Packer with {@code PACKER_LOG=1}; its log, masked, kept beside the AMI id file. */
    public boolean debug() { return debug; }
    /** Packer's {@code -on-error}: {@code cleanup} or {@code abort} ({@code ask} is refused: nobody can answer). */
    public String onError() { return onError; }
    /** {@code packer init}: {@code auto}, {@code always} or {@code never}. */
    public String init() { return init; }
    /** {@code PACKER_PLUGIN_PATH} for Packer; null: the environment's own. */
    public String pluginPath() { return pluginPath; }
    /** {@code PACKER_GITHUB_API_TOKEN} for {@code packer init}; a secret, masked everywhere; null: none. */
    public String githubToken() { return githubToken; }

    @Override
    public String toString() {
        // Never the keys' secret (AwsKeys hides it) nor variable values, which may be secrets.
        return "BakeRequest[template=" + template + ", dirs=" + dirs + ", region=" + region + ", mode=" + checksumMode
                + ", force=" + force + ", dryRun=" + dryRun + ", keys=" + keys + (role == null ? "" : ", " + role) + "]";
    }

    public static final class Builder {
        private final String workDirectory;
        private String template;
        private final List<String> dirs = new ArrayList<>();
        private String checksumMode = DEFAULT_CHECKSUM_MODE;
        private final List<String> excludes = new ArrayList<>();
        private final List<String> extraInputs = new ArrayList<>();
        private String region;
        private String endpoint;
        private AwsKeys keys;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String tagKey = DEFAULT_TAG_KEY;
        private final List<String> owners = new ArrayList<>(List.of("self"));
        private final Map<String, String> vars = new LinkedHashMap<>();
        private final List<String> varFiles = new ArrayList<>();
        private final List<String> only = new ArrayList<>();
        private String subnetId;
        private String checksumVariable = DEFAULT_CHECKSUM_VARIABLE;
        private boolean force;
        private boolean dryRun;
        private String amiIdFile = AmiIdFile.DEFAULT_NAME;
        private String listingFile;
        private String packerPath;
        private Duration timeout;
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
        private String family;
        private BaseImagePolicy baseImage = BaseImagePolicy.TRACK;
        private String sourceTagKey = DEFAULT_SOURCE_TAG_KEY;
        private boolean repairRegions = true;
        private String bakeId = UUID.randomUUID().toString().substring(0, 8);
        private String accessName;
        private AwsRole role;
        private String lineEndings = DEFAULT_LINE_ENDINGS;
        private boolean debug;
        private String onError = DEFAULT_ON_ERROR;
        private String init = DEFAULT_INIT;
        private String pluginPath;
        private String githubToken;

        private Builder(String workDirectory) {
            this.workDirectory = workDirectory;
        }

        public Builder template(String value) { template = value; return this; }
        public Builder dirs(List<String> value) { dirs.clear(); dirs.addAll(value); return this; }
        public Builder checksumMode(String value) { checksumMode = value; return this; }
        public Builder excludes(List<String> value) { excludes.clear(); excludes.addAll(value); return this; }
        public Builder extraInputs(List<String> value) { extraInputs.clear(); extraInputs.addAll(value); return this; }
        public Builder region(String value) { region = value; return this; }
        public Builder endpoint(String value) { endpoint = value; return this; }
        public Builder keys(AwsKeys value) { keys = value; return this; }
        public Builder environment(Map<String, String> value) { environment.clear(); environment.putAll(value); return this; }
        public Builder tagKey(String value) { tagKey = value; return this; }
        public Builder owners(List<String> value) { owners.clear(); owners.addAll(value); return this; }
        public Builder vars(Map<String, String> value) { vars.clear(); vars.putAll(value); return this; }
        public Builder varFiles(List<String> value) { varFiles.clear(); varFiles.addAll(value); return this; }
        public Builder only(List<String> value) { only.clear(); only.addAll(value); return this; }
        public Builder subnetId(String value) { subnetId = value; return this; }
        public Builder checksumVariable(String value) { checksumVariable = value; return this; }
        public Builder force(boolean value) { force = value; return this; }
        public Builder dryRun(boolean value) { dryRun = value; return this; }
        public Builder amiIdFile(String value) { amiIdFile = value; return this; }
        public Builder listingFile(String value) { listingFile = value; return this; }
        public Builder packerPath(String value) { packerPath = value; return this; }
        public Builder timeout(Duration value) { timeout = value; return this; }
        public Builder gracePeriod(Duration value) { gracePeriod = value; return this; }
        public Builder family(String value) { family = value; return this; }
        public Builder baseImage(BaseImagePolicy value) { baseImage = Objects.requireNonNull(value, "baseImage"); return this; }
        public Builder sourceTagKey(String value) { sourceTagKey = value; return this; }
        public Builder repairRegions(boolean value) { repairRegions = value; return this; }
        public Builder bakeId(String value) { bakeId = value; return this; }
        public Builder accessName(String value) { accessName = value; return this; }
        public Builder role(AwsRole value) { role = value; return this; }
        public Builder lineEndings(String value) { lineEndings = value; return this; }
        public Builder debug(boolean value) { debug = value; return this; }
        public Builder onError(String value) { onError = value; return this; }
        public Builder init(String value) { init = value; return this; }
        public Builder pluginPath(String value) { pluginPath = value; return this; }
        public Builder githubToken(String value) { githubToken = value; return this; }

        public BakeRequest build() {
            return new BakeRequest(this);
        }
    }
}
