package io.jenkins.plugins.bakeami.engine.checksum;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to checksum, immutable. Paths are kept as the user gave them (so that messages can quote them) and are
 * resolved against the base directory (the workspace) when the checksum runs. Build one with {@link #builder}.
 *
 * <p>The ami-bakery mode checksums the definition directories only; giving it any strict-only input (template,
 * variables, var-files, extra inputs, excludes, symlink policy, normalized line endings) is an error rather than being silently ignored.
 */
public final class ChecksumRequest {
    private final Path baseDirectory;
    private final List<String> directories;
    private final ChecksumMode mode;
    private final String template;
    private final Map<String, String> vars;
    private final List<String> varFiles;
    private final List<String> extraInputs;
    private final List<String> extraFiles;
    private final List<String> excludes;
    private final SymlinkPolicy symlinkPolicy;
    private final Map<String, String> baseImages;
    private final LineEndings lineEndings;
    /** More threads than this only cost memory: hashing is bound by the disk and the cores. */
    public static final int MAX_THREADS = 256;

    private final int threads;

    private ChecksumRequest(Builder b) {
        this.baseDirectory = b.baseDirectory;
        this.directories = Collections.unmodifiableList(new ArrayList<>(b.directories));
        this.mode = b.mode;
        this.template = b.template;
        this.vars = Collections.unmodifiableMap(new LinkedHashMap<>(b.vars));
        this.varFiles = Collections.unmodifiableList(new ArrayList<>(b.varFiles));
        this.extraInputs = Collections.unmodifiableList(new ArrayList<>(b.extraInputs));
        this.extraFiles = Collections.unmodifiableList(new ArrayList<>(b.extraFiles));
        this.excludes = Collections.unmodifiableList(new ArrayList<>(b.excludes));
        this.symlinkPolicy = b.symlinkPolicy == null ? SymlinkPolicy.DEFAULT : b.symlinkPolicy;
        this.baseImages = Collections.unmodifiableMap(new LinkedHashMap<>(b.baseImages));
        this.lineEndings = b.lineEndings;
        this.threads = b.threads;
    }

    /**
     * Starts a request.
     *
     * @param baseDirectory absolute directory that relative paths are resolved against and that listing paths are
     *     shown relative to: the workspace, or the current directory for the CLI
     */
    public static Builder builder(Path baseDirectory) {
        return new Builder(baseDirectory);
    }

    /** Absolute and normalized; symbolic links in it are not resolved. */
    public Path getBaseDirectory() {
        return baseDirectory;
    }

    /** The definition directories as given, in order (never empty). */
    public List<String> getDirectories() {
        return directories;
    }

    public ChecksumMode getMode() {
        return mode;
    }

    /** The Packer template as given, or null (strict mode only). */
    public String getTemplate() {
        return template;
    }

    /** Packer variables, name to value, in the order given (strict mode only). */
    public Map<String, String> getVars() {
        return vars;
    }

    /** Packer var-files as given, in order (strict mode only). */
    public List<String> getVarFiles() {
        return varFiles;
    }

    /** Extra input texts, in order (strict mode only). */
    public List<String> getExtraInputs() {
        return extraInputs;
    }

    /** Extra input files as given, in order (strict mode only). */
    public List<String> getExtraFiles() {
        return extraFiles;
    }

    /** Exclude globs (strict mode only); see docs/checksum.md for their syntax. */
    public List<String> getExcludes() {
        return excludes;
    }

    /** The strict mode's symlink policy ({@link SymlinkPolicy#DEFAULT} unless chosen). */
    public SymlinkPolicy getSymlinkPolicy() {
        return symlinkPolicy;
    }

    /** The base images (source AMIs), region to image id, in the order given (strict mode only). */
    public Map<String, String> getBaseImages() {
        return baseImages;
    }

    /** How file contents are read: {@link LineEndings#EXACT} unless the strict mode was asked to normalize. */
    public LineEndings getLineEndings() {
        return lineEndings;
    }

    /** How many threads hash files. */
    public int getThreads() {
        return threads;
    }

    /** Collects a request; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private final Path baseDirectory;
        private final List<String> directories = new ArrayList<>();
        private ChecksumMode mode = ChecksumMode.DEFAULT;
        private String template;
        private final Map<String, String> vars = new LinkedHashMap<>();
        private final List<String> varFiles = new ArrayList<>();
        private final List<String> extraInputs = new ArrayList<>();
        private final List<String> extraFiles = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();
        private SymlinkPolicy symlinkPolicy;
        private final Map<String, String> baseImages = new LinkedHashMap<>();
        private LineEndings lineEndings = LineEndings.DEFAULT;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder(Path baseDirectory) {
            Objects.requireNonNull(baseDirectory, "baseDirectory");
            if (!baseDirectory.isAbsolute()) {
                throw new ChecksumInputException("base directory must be an absolute path: " + baseDirectory);
            }
            this.baseDirectory = baseDirectory.normalize();
        }

        /** Adds a definition directory, absolute or relative to the base directory. */
        public Builder directory(String directory) {
            directories.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /** Adds definition directories in order. */
        public Builder directories(List<String> list) {
            list.forEach(this::directory);
            return this;
        }

        public Builder mode(ChecksumMode newMode) {
            this.mode = Objects.requireNonNull(newMode, "mode");
            return this;
        }

        /** The Packer template (strict mode): covered even when it lies outside the directories. */
        public Builder template(String path) {
            this.template = path;
            return this;
        }

        /** A Packer variable (strict mode). The value never appears in a listing, only its hash. */
        public Builder var(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty()) {
                throw new ChecksumInputException("a Packer variable needs a name (value hidden)");
            }
            if (vars.containsKey(name)) {
                throw new ChecksumInputException("Packer variable '" + name + "' is given twice");
            }
            vars.put(name, value);
            return this;
        }

        /** A Packer var-file (strict mode); order matters to Packer, so it matters here. */
        public Builder varFile(String path) {
            varFiles.add(Objects.requireNonNull(path, "path"));
            return this;
        }

        /** An extra input text (strict mode), e.g. a base image version that is not in any file. */
        public Builder extraInput(String text) {
            extraInputs.add(Objects.requireNonNull(text, "text"));
            return this;
        }

        /** An extra input file (strict mode): its content is covered. */
        public Builder extraFile(String path) {
            extraFiles.add(Objects.requireNonNull(path, "path"));
            return this;
        }

        /**
         * The base image the AMI is baked from in a region (strict mode): the bake's resolved {@code source_ami}, so
         * that a new base image changes the checksum.
         */
        public Builder baseImage(String region, String imageId) {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(imageId, "imageId");
            if (region.isBlank() || region.contains(" ") || imageId.isBlank() || imageId.contains(" ")) {
                throw new ChecksumInputException("a base image is a region and an image id without spaces, not '"
                        + region + " " + imageId + "'");
            }
            if (baseImages.containsKey(region)) {
                throw new ChecksumInputException("the base image of " + region + " is given twice");
            }
            baseImages.put(region, imageId);
            return this;
        }

        /** An exclude glob (strict mode), relative to each definition directory, e.g. {@code **}{@code /*.md}. */
        public Builder exclude(String glob) {
            excludes.add(Objects.requireNonNull(glob, "glob"));
            return this;
        }

        /** How the strict mode treats symbolic links ({@link SymlinkPolicy#DEFAULT} when not called). */
        public Builder symlinkPolicy(SymlinkPolicy policy) {
            this.symlinkPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How file contents are read (strict mode: {@link LineEndings#NORMALIZE} reads CRLF as LF in text files). */
        public Builder lineEndings(LineEndings value) {
            this.lineEndings = Objects.requireNonNull(value, "lineEndings");
            return this;
        }

        /** Hashing threads; defaults to the number of available processors, at most {@value #MAX_THREADS}. */
        public Builder threads(int count) {
            if (count < 1 || count > MAX_THREADS) {
                // each thread holds a stack and read buffers: 10000 of them took 4.3 GB, 100000 ran out of memory
                throw new ChecksumInputException("threads must be between 1 and " + MAX_THREADS + ", not " + count
                        + " (hashing is bound by the disk and the cores: the default is the number of processors)");
            }
            this.threads = count;
            return this;
        }

        /** @throws ChecksumInputException naming what is wrong */
        public ChecksumRequest build() {
            if (directories.isEmpty()) {
                throw new ChecksumInputException("no definition directory given");
            }
            DefinitionDirectories.requireNoEmptyEntry(directories);
            if (mode == ChecksumMode.AMI_BAKERY) {
                rejectForAmiBakery(template != null, "a template");
                rejectForAmiBakery(!vars.isEmpty(), "Packer variables");
                rejectForAmiBakery(!varFiles.isEmpty(), "var-files");
                rejectForAmiBakery(!extraInputs.isEmpty() || !extraFiles.isEmpty(), "extra inputs");
                rejectForAmiBakery(!excludes.isEmpty(), "exclude patterns");
                rejectForAmiBakery(symlinkPolicy != null, "a symlink policy");
                rejectForAmiBakery(!baseImages.isEmpty(), "a base image");
                rejectForAmiBakery(lineEndings != LineEndings.EXACT, "normalized line endings");
            }
            for (String glob : excludes) {
                ExcludeGlob.compile(glob);
            }
            return new ChecksumRequest(this);
        }

        private static void rejectForAmiBakery(boolean given, String what) {
            if (given) {
                throw new ChecksumInputException("the ami-bakery mode checksums the definition directories only, as the"
                        + " seed does; " + what + " can only be covered by the strict mode (--mode strict)");
            }
        }
    }
}
