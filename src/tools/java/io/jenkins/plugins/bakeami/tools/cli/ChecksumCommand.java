package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumInputException;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumListing;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumResult;
import io.jenkins.plugins.bakeami.engine.checksum.DefinitionDirectories;
import io.jenkins.plugins.bakeami.engine.checksum.LineEndings;
import io.jenkins.plugins.bakeami.engine.checksum.ListingDiff;
import io.jenkins.plugins.bakeami.engine.checksum.SymlinkPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code bake-ami checksum}: the checksum of definition directories, its explain listing, and listing diffs. */
@Command(
        name = "checksum",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Compute the AMI configuration checksum of definition directories (the value AMIs are tagged with).",
            "The checksum is always the last line of standard output; warnings go to standard error.",
            "Mode ami-bakery (the default) gives the seed's ami_config_checksum byte for byte; mode strict also covers"
                    + " names, the executable bit, the template, Packer variables and extra inputs (docs/checksum.md)."
        },
        footer = {
            "",
            "Environment:",
            "  AMI_DEFINITION_DIRS  directories, comma-separated, used when no DIR is given",
            "",
            "Exit status:",
            "  0    success (--diff: the listings are the same)",
            "  1    --diff: the listings differ",
            "  2    bad input; one line on standard error names it",
            "  3    other I/O error",
            "  130  interrupted"
        })
final class ChecksumCommand implements Callable<Integer> {
    static final int EXIT_DIFFERENT = 1;
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_IO_ERROR = 3;
    static final int EXIT_INTERRUPTED = 130;
    static final String DIRECTORIES_VARIABLE = "AMI_DEFINITION_DIRS";
    static final String NAME = "bake-ami checksum";
    /** A stopped checksum only joins its hashing threads. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BakeAmiCli cli;

    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "Definition directories, absolute or relative to the base directory. 'a,b' works like 'a b'.")
    private List<String> directories = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "ami-bakery",
            description = "ami-bakery (default: the seed's checksum) or strict.")
    private String mode;

    @Option(names = "--explain", description = "Print the listing (each input with its hash, in checksum order) before"
            + " the checksum. Save it to compare it later with --diff.")
    private boolean explain;

    @Option(names = "--diff", arity = "2", paramLabel = "LISTING",
            description = "Compare two saved --explain listings, OLD then NEW, instead of computing a checksum.")
    private List<Path> diff;

    @Option(names = "--base-dir", paramLabel = "DIR", description = "Directory that relative paths are resolved"
            + " against and listing paths are shown relative to (default: the current directory).")
    private Path baseDir;

    @Option(names = "--template", paramLabel = "FILE", description = "strict: the Packer template, covered even"
            + " outside the directories.")
    private String template;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "strict: a Packer variable (repeatable). The"
            + " listing shows a hash of the value, never the value.")
    private List<String> vars = new ArrayList<>();

    @Option(names = "--var-file", paramLabel = "FILE", description = "strict: a Packer var-file (repeatable, order"
            + " matters).")
    private List<String> varFiles = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "strict: leave out paths matching GLOB, relative"
            + " to each directory, e.g. '**/*.md' or '**/.git/**' (repeatable).")
    private List<String> excludes = new ArrayList<>();

    @Option(names = "--extra-input", paramLabel = "TEXT", description = "strict: an extra input text (repeatable).")
    private List<String> extraInputs = new ArrayList<>();

    @Option(names = "--extra-file", paramLabel = "FILE", description = "strict: an extra input file (repeatable).")
    private List<String> extraFiles = new ArrayList<>();

    @Option(names = "--source-ami", paramLabel = "REGION=AMI", description = "strict: the base image the AMI is baked"
            + " from in REGION, as a bake resolves the template's source_ami(_filter) (repeatable).")
    private List<String> sourceAmis = new ArrayList<>();

    @Option(names = "--symlinks", paramLabel = "POLICY", description = "strict: record (default: a link is recorded"
            + " with its target text, never followed) or follow (links are followed).")
    private String symlinks;

    @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: the number of processors).")
    private Integer threads;

    @Option(names = "--line-endings", paramLabel = "MODE", defaultValue = "exact", description = "strict: exact"
            + " (default: every byte as it is) or normalize (text files read with CRLF as LF, so a Windows checkout"
            + " with core.autocrlf gives the Linux value; a file with a NUL byte is read as it is).")
    private String lineEndings;

    @Override
    public Integer call() {
        return ShutdownGuard.run(NAME, STOP_WAIT, spec.commandLine().getOut(), spec.commandLine().getErr(),
                guard -> checksum());
    }

    private int checksum() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return diff != null ? compareListings(out, err) : printChecksum(out, err);
        } catch (IllegalArgumentException e) { // ChecksumInputException, and a working directory that cannot be known
            err.println(NAME + ": " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_IO_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(NAME + ": interrupted");
            return EXIT_INTERRUPTED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int printChecksum(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        ChecksumResult result = new ChecksumCalculator().calculate(request());
        for (String warning : result.getWarnings()) {
            err.println("bake-ami checksum: warning: " + warning);
        }
        err.flush();
        if (explain) {
            out.print(result.getListing().format()); // its last line is the checksum
        } else {
            out.println(result.getValue());
        }
        return 0;
    }

    private ChecksumRequest request() {
        ChecksumRequest.Builder request = ChecksumRequest.builder(baseDirectory()).mode(ChecksumMode.fromName(mode));
        List<String> given = DefinitionDirectories.parse(directories, cli.environment().get(DIRECTORIES_VARIABLE));
        if (given.isEmpty()) {
            throw new ChecksumInputException("no definition directory: give directories as arguments or set "
                    + DIRECTORIES_VARIABLE);
        }
        request.directories(given); // an empty entry ("", "a,,b") is refused by the request, as bake and lookup do
        if (template != null) {
            request.template(template);
        }
        for (String var : vars) {
            int equals = var.indexOf('=');
            if (equals <= 0) {
                // never echo the text: it may be a secret typed without its name
                throw new ChecksumInputException("--var takes NAME=VALUE; one --var has " + (equals == 0 ? "no name"
                        : "no '='"));
            }
            request.var(var.substring(0, equals), var.substring(equals + 1));
        }
        varFiles.forEach(request::varFile);
        excludes.forEach(request::exclude);
        extraInputs.forEach(request::extraInput);
        extraFiles.forEach(request::extraFile);
        for (String sourceAmi : sourceAmis) {
            int equals = sourceAmi.indexOf('=');
            if (equals <= 0) {
                throw new ChecksumInputException("--source-ami takes REGION=AMI, not '" + sourceAmi + "'");
            }
            request.baseImage(sourceAmi.substring(0, equals), sourceAmi.substring(equals + 1));
        }
        if (symlinks != null) {
            request.symlinkPolicy(SymlinkPolicy.fromName(symlinks));
        }
        if (threads != null) {
            request.threads(threads);
        }
        return request.lineEndings(LineEndings.fromName(lineEndings)).build();
    }

    /** --base-dir, else the current directory as the shell names it ($PWD, like pwd), else user.dir. */
    private Path baseDirectory() {
        return WorkingDirectory.resolve(baseDir, cli.environment());
    }

    private int compareListings(PrintWriter out, PrintWriter err) throws IOException {
        if (!directories.isEmpty()) {
            throw new ChecksumInputException("--diff compares two listings and takes no directories");
        }
        if (diff.size() != 2) {
            throw new ChecksumInputException("--diff takes exactly two listings, OLD and NEW");
        }
        ChecksumListing before = readListing(diff.get(0));
        ChecksumListing after = readListing(diff.get(1));
        for (int i = 0; i < 2; i++) {
            ChecksumListing listing = i == 0 ? before : after;
            if (!listing.isConsistent()) {
                err.println("bake-ami checksum: warning: the entries of " + diff.get(i) + " give "
                        + listing.recomputeChecksum() + ", not the checksum it states (edited?)");
            }
        }
        ListingDiff difference = ListingDiff.between(before, after);
        out.print(difference.format());
        return difference.isEmpty() ? 0 : EXIT_DIFFERENT;
    }

    private static ChecksumListing readListing(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ChecksumInputException("listing file does not exist or is not a file: " + file);
        }
        return ChecksumListing.read(file);
    }
}
