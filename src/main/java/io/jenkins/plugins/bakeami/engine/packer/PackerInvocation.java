package io.jenkins.plugins.bakeami.engine.packer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything one Packer run needs: the template, its variables, var files, {@code -only}, {@code -force}, the
 * environment of the Packer process, the secrets to mask, the timeout and the grace period for Packer's cleanup.
 * Immutable; made with {@link #builder(PackerTemplate)}. {@link #toString()} names no value (they may be secret).
 *
 * <p>Two kinds of variables: those the user gives ({@link Builder#variable}) must be declared by the template, else
 * the run fails naming them; those the engine offers ({@link Builder#variableIfDeclared}, the checksum, the seed's
 * {@code aws_region} and {@code aws_subnet_id}) are passed only to a template that declares them. A user variable
 * or var file that gives an offered variable another value is an error ({@link TemplateVariableCheck}).
 */
public final class PackerInvocation {

    /** The variable the seed's template takes the checksum in. */
    public static final String DEFAULT_CHECKSUM_VARIABLE = "config_checksum";
    /** Long enough for Packer to terminate an instance and delete its key pair and security group. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(150);

    static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    /** Environment variables whose values are always masked. */
    static final List<String> SECRET_ENVIRONMENT = List.of(AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN);

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    /** Values of variables so named are masked too: the seed's template takes {@code aws_secret_key}. */
    private static final Pattern SECRET_VARIABLE_NAME = Pattern.compile(".*(secret|password|token).*");

    private final PackerTemplate template;
    private final Map<String, String> variables;
    private final Map<String, String> offeredVariables;
    private final List<Path> varFiles;
    private final List<String> only;
    private final boolean force;
    private final Map<String, String> environment;
    private final boolean inheritEnvironment;
    private final Set<String> secrets;
    private final Duration timeout;
    private final Duration gracePeriod;
    private final Path rawLogFile;
    private final boolean requireAmiArtifact;
    private final OnError onError;
    private final boolean init;
    private final String githubToken;
    private final Path debugDirectory;

    private PackerInvocation(Builder b) {
        template = b.template;
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
        Map<String, String> offered = new LinkedHashMap<>(b.offeredVariables);
        if (b.checksum != null) {
            offered.put(b.checksumVariable, b.checksum);
        }
        offeredVariables = Collections.unmodifiableMap(offered);
        varFiles = List.copyOf(b.varFiles);
        only = List.copyOf(b.only);
        force = b.force;
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        inheritEnvironment = b.inheritEnvironment;
        secrets = Collections.unmodifiableSet(new LinkedHashSet<>(b.secrets));
        timeout = b.timeout;
        gracePeriod = b.gracePeriod;
        rawLogFile = b.rawLogFile;
        requireAmiArtifact = b.requireAmiArtifact;
        onError = b.onError;
        init = b.init;
        githubToken = b.githubToken;
        debugDirectory = b.debugDirectory;
    }

    public static Builder builder(PackerTemplate template) {
        return new Builder(template);
    }

    public PackerTemplate template() {
        return template;
    }

    /** The user's variables: each must be declared by the template. */
    public Map<String, String> variables() {
        return variables;
    }

    /** Variables offered by the engine (checksum, region, subnet): passed only if the template declares them. */
    public Map<String, String> offeredVariables() {
        return offeredVariables;
    }

    public List<Path> varFiles() {
        return varFiles;
    }

    public List<String> only() {
        return only;
    }

    public boolean force() {
        return force;
    }

    /** What is set in the Packer process's environment (values may be secret: never print them). */
    public Map<String, String> environment() {
        return environment;
    }

    public boolean inheritEnvironment() {
        return inheritEnvironment;
    }

    /** Null when there is no timeout. */
    public Duration timeout() {
        return timeout;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** Null when the raw output is kept only in memory. */
    public Path rawLogFile() {
        return rawLogFile;
    }

    /** Whether a successful build without an AMI artifact is an error (the default). */
    public boolean requireAmiArtifact() {
        return requireAmiArtifact;
    }

    /** What the build does on an error ({@code -on-error}). */
    public OnError onError() {
        return onError;
    }

    /** Whether {@code packer init} runs before {@code packer validate}. */
    public boolean init() {
        return init;
    }

    /** {@code PACKER_GITHUB_API_TOKEN} for {@code packer init} only, or null. A secret: masked, never printed. */
    String githubToken() {
        return githubToken;
    }

    /**
     * Where each Packer command writes its debug log ({@code PACKER_LOG=1}, one file per command: Packer truncates
     * its log file), or null for no debug log.
     */
    public Path debugDirectory() {
        return debugDirectory;
    }

    /**
     * The variables passed with {@code -var}: the user's and the offered ones the template declares, after
     * {@link TemplateVariableCheck} (each of the user's declared, var files readable, none contradicting an offered
     * one).
     */
    public Map<String, String> effectiveVariables() throws PackerException {
        TemplateVariableCheck.check(template, variables, varFiles, offeredVariables);
        Map<String, String> effective = new LinkedHashMap<>();
        offeredVariables.forEach((name, value) -> {
            if (template.declares(name)) {
                effective.put(name, value);
            }
        });
        effective.putAll(variables);
        return effective;
    }

    /**
     * Every string to mask in output: the given secrets, the secret AWS values of the environment (also inherited
     * ones), and the values of variables the template marks sensitive or whose names say secret, password or
     * token.
     */
    public Set<String> secrets() {
        Set<String> all = new LinkedHashSet<>(secrets);
        if (githubToken != null) {
            all.add(githubToken);
        }
        for (String name : SECRET_ENVIRONMENT) {
            String value = environment.get(name);
            if (value == null && inheritEnvironment) {
                value = System.getenv(name);
            }
            if (value != null) {
                all.add(value);
            }
        }
        Map<String, String> allVariables = new LinkedHashMap<>(offeredVariables);
        allVariables.putAll(variables);
        allVariables.forEach((name, value) -> {
            boolean sensitive = template.sensitiveVariables().contains(name);
            // A name-based guess masks only values long enough not to blank out ordinary text ("1", "yes").
            boolean secretByName = SECRET_VARIABLE_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()
                    && value.length() >= 4;
            if (sensitive || secretByName) {
                all.add(value);
            }
        });
        return all;
    }

    @Override
    public String toString() {
        return "packer " + template.path() + " variables=" + variables.keySet() + " offered="
                + offeredVariables.keySet() + " varFiles=" + varFiles + " only=" + only + " force=" + force
                + " environment=" + environment.keySet() + (inheritEnvironment ? " (+inherited)" : "");
    }

    /** Builds a {@link PackerInvocation}; not thread-safe. */
    public static final class Builder {
        private final PackerTemplate template;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final Map<String, String> offeredVariables = new LinkedHashMap<>();
        private String checksumVariable = DEFAULT_CHECKSUM_VARIABLE;
        private String checksum;
        private final List<Path> varFiles = new ArrayList<>();
        private final List<String> only = new ArrayList<>();
        private boolean force;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean inheritEnvironment = true;
        private final Set<String> secrets = new LinkedHashSet<>();
        private Duration timeout;
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
        private Path rawLogFile;
        private boolean requireAmiArtifact = true;
        private OnError onError = OnError.CLEANUP;
        private boolean init;
        private String githubToken;
        private Path debugDirectory;

        private Builder(PackerTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
        }

        /** A user variable: the template must declare it. */
        public Builder variable(String name, String value) {
            variables.put(checkName(name), Objects.requireNonNull(value, "value of variable " + name));
            return this;
        }

        public Builder variables(Map<String, String> values) {
            values.forEach(this::variable);
            return this;
        }

        /** A variable passed only if the template declares it. */
        public Builder variableIfDeclared(String name, String value) {
            offeredVariables.put(checkName(name), Objects.requireNonNull(value, "value of variable " + name));
            return this;
        }

        /** The checksum, offered in the checksum variable ({@value #DEFAULT_CHECKSUM_VARIABLE} unless changed). */
        public Builder checksum(String value) {
            checksum = Objects.requireNonNull(value, "checksum");
            return this;
        }

        public Builder checksumVariable(String name) {
            checksumVariable = checkName(name);
            return this;
        }

        /**
         * The build region: {@code AWS_REGION} and {@code AWS_DEFAULT_REGION} in Packer's environment, and the
         * seed's {@code aws_region} variable if declared.
         */
        public Builder awsRegion(String region) {
            Objects.requireNonNull(region, "region");
            environment.put("AWS_REGION", region);
            environment.put("AWS_DEFAULT_REGION", region);
            return variableIfDeclared("aws_region", region);
        }

        /** The seed's {@code aws_subnet_id} variable, if declared. */
        public Builder awsSubnetId(String subnetId) {
            return variableIfDeclared("aws_subnet_id", Objects.requireNonNull(subnetId, "subnetId"));
        }

        /**
         * AWS credentials in Packer's environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, and
         * {@code AWS_SESSION_TOKEN} when not null); the secret parts are masked in all output.
         */
        public Builder awsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            environment.put(AWS_ACCESS_KEY_ID, Objects.requireNonNull(accessKeyId, "accessKeyId"));
            environment.put(AWS_SECRET_ACCESS_KEY, Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
            if (sessionToken != null) {
                environment.put(AWS_SESSION_TOKEN, sessionToken);
            } else {
                environment.remove(AWS_SESSION_TOKEN);
            }
            return this;
        }

        public Builder varFile(Path file) {
            varFiles.add(Objects.requireNonNull(file, "file").toAbsolutePath().normalize());
            return this;
        }

        /** Build only these builds ({@code -only}); names as Packer knows them ({@code amazon-ebs.NAME} in HCL2). */
        public Builder only(List<String> builds) {
            for (String build : builds) {
                if (build == null || build.isBlank() || build.contains(",")) {
                    throw new IllegalArgumentException("Invalid build name for -only: \"" + build + "\"");
                }
                only.add(build.strip());
            }
            return this;
        }

        public Builder force(boolean value) {
            force = value;
            return this;
        }

        /** Sets a variable of Packer's environment (the JVM's own environment is never touched). */
        public Builder environment(String name, String value) {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("Invalid environment variable name \"" + name + "\"");
            }
            environment.put(name, Objects.requireNonNull(value, "value of " + name));
            return this;
        }

        public Builder environment(Map<String, String> values) {
            values.forEach(this::environment);
            return this;
        }

        /** Whether Packer's environment starts from the JVM's (default true) or only holds what is given. */
        public Builder inheritEnvironment(boolean value) {
            inheritEnvironment = value;
            return this;
        }

        /** A string never to show: masked as {@value SecretMasker#MASK} wherever Packer's output holds it. */
        public Builder secret(String value) {
            if (value != null && !value.isEmpty()) {
                secrets.add(value);
            }
            return this;
        }

        /** Stop the run (as a cancel does) after this long; null for no timeout. */
        public Builder timeout(Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
            timeout = value;
            return this;
        }

        /** How long Packer may take to clean up after SIGTERM before it is killed. */
        public Builder gracePeriod(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("grace period must be zero or positive: " + value);
            }
            gracePeriod = value;
            return this;
        }

        /** Also write Packer's raw output (secrets masked) to this file, replacing it. */
        public Builder rawLogFile(Path file) {
            rawLogFile = file == null ? null : file.toAbsolutePath().normalize();
            return this;
        }

        /** Whether a build that succeeds without an AMI artifact is an error (default true). */
        public Builder requireAmiArtifact(boolean value) {
            requireAmiArtifact = value;
            return this;
        }

        /** What {@code packer build} does on an error; {@link OnError#CLEANUP} (Packer's default) unless set. */
        public Builder onError(OnError value) {
            onError = Objects.requireNonNull(value, "onError");
            return this;
        }

        /** Run {@code packer init} in the template's directory before {@code packer validate}. */
        public Builder init(boolean value) {
            init = value;
            return this;
        }

        /** The GitHub token {@code packer init} downloads plugins with; masked in all output. */
        public Builder githubToken(String value) {
            githubToken = value == null || value.isEmpty() ? null : value;
            return this;
        }

        /** Write Packer's debug logs ({@code PACKER_LOG=1}) into this directory; null: none. */
        public Builder debugDirectory(Path directory) {
            debugDirectory = directory == null ? null : directory.toAbsolutePath().normalize();
            return this;
        }

        public PackerInvocation build() {
            return new PackerInvocation(this);
        }

        private static String checkName(String name) {
            if (name == null || !VARIABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Invalid Packer variable name \"" + name + "\"");
            }
            return name;
        }
    }
}
