package io.jenkins.plugins.bakeami.engine.checksum;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes the checksum of a {@link ChecksumRequest}: walks the definition directories, hashes the files on a
 * fixed pool of threads, and combines the digests in a deterministic order. Stateless and thread-safe; every call
 * has its own threads, shut down before it returns.
 *
 * <p>Interrupting the calling thread (a Jenkins abort) stops the walk and the reads promptly: the call then
 * throws {@link InterruptedException} with the threads shut down.
 */
public final class ChecksumCalculator {

    /**
     * @throws ChecksumInputException naming the input: a directory that does not exist or is not a directory, an
     *     unreadable file or directory, a dangling symbolic link, a FIFO or device, a missing template...
     * @throws IOException naming the file, for other read errors
     * @throws InterruptedException when the calling thread is interrupted
     */
    public ChecksumResult calculate(ChecksumRequest request) throws IOException, InterruptedException {
        Path base = request.getBaseDirectory();
        List<Path> roots = new ArrayList<>();
        for (String given : request.getDirectories()) {
            roots.add(existingDirectory(base, given));
        }
        boolean strict = request.getMode() == ChecksumMode.STRICT;
        List<String> warnings = new ArrayList<>();
        List<PendingEntry> head = new ArrayList<>();
        List<WorkPool.Task> tasks = new ArrayList<>();
        if (strict) {
            addStrictInputs(request, head, warnings);
            tasks.add(worker -> {
                for (PendingEntry entry : head) {
                    if (entry.file != null) {
                        worker.hashLater(entry, 0);
                    }
                }
                worker.flushBatch();
            });
            boolean posix = base.getFileSystem().supportedFileAttributeViews().contains("posix");
            StrictWalk walk = new StrictWalk(request.getExcludes(), request.getSymlinkPolicy(), posix);
            for (Path root : roots) {
                tasks.add(walk.of(root, strictNamePrefix(base, root, warnings)));
            }
        } else {
            for (int i = 0; i < roots.size(); i++) {
                tasks.add(AmiBakeryWalk.of(roots.get(i), seedSpelling(request.getDirectories().get(i))));
            }
        }
        List<PendingEntry> tree;
        try (WorkPool pool = new WorkPool(strict ? "SHA-256" : "SHA-1", request.getThreads(), request.getLineEndings())) {
            tree = pool.runAll(tasks);
        }
        // one global sort of the whole list of path strings (the seed's rule), by code point
        tree.sort(PendingEntry::compareKeys);
        if (strict && roots.size() > 1) {
            dropRepeatedNames(tree); // nested or repeated directories: a name is recorded once
        }
        List<ListingEntry> entries = new ArrayList<>(head.size() + tree.size());
        for (PendingEntry entry : head) {
            entries.add(new ListingEntry(entry.kind, entry.key, entry.hex()));
        }
        String basePrefix = withSlash(slashes(base));
        for (PendingEntry entry : tree) {
            String shown = !strict && entry.key.startsWith(basePrefix) ? entry.key.substring(basePrefix.length()) : entry.key;
            entries.add(new ListingEntry(entry.kind, shown, entry.hex()));
        }
        String value = ChecksumCombiner.combine(request.getMode(), entries);
        return new ChecksumResult(new ChecksumListing(request.getMode(), request.getLineEndings(), entries, value),
                warnings);
    }

    private static void dropRepeatedNames(List<PendingEntry> sorted) {
        int kept = 0;
        for (PendingEntry entry : sorted) {
            if (kept == 0 || !sorted.get(kept - 1).key.equals(entry.key)) {
                sorted.set(kept++, entry);
            }
        }
        sorted.subList(kept, sorted.size()).clear();
    }

    /** Template, var-files, variables, extra inputs, base images, in the order docs/checksum.md defines. */
    private static void addStrictInputs(ChecksumRequest request, List<PendingEntry> head, List<String> warnings)
            throws IOException {
        Path base = request.getBaseDirectory();
        if (request.getTemplate() != null) {
            head.add(fileInput(ListingEntry.Kind.TEMPLATE, base, request.getTemplate(), "template", warnings));
        }
        for (String varFile : request.getVarFiles()) {
            head.add(fileInput(ListingEntry.Kind.VAR_FILE, base, varFile, "var-file", warnings));
        }
        List<Map.Entry<String, String>> vars = new ArrayList<>(request.getVars().entrySet());
        vars.sort((a, b) -> CodePointOrder.INSTANCE.compare(a.getKey(), b.getKey()));
        MessageDigest sha256 = ChecksumCombiner.newDigest("SHA-256");
        for (Map.Entry<String, String> var : vars) {
            byte[] value = FileNames.encode(var.getValue(), "the value of Packer variable '" + var.getKey() + "'");
            head.add(new PendingEntry(ListingEntry.Kind.VAR, var.getKey(), sha256.digest(value)));
        }
        int position = 0;
        for (String text : request.getExtraInputs()) {
            position++;
            byte[] bytes = FileNames.encode(text, "extra input " + position);
            head.add(new PendingEntry(ListingEntry.Kind.EXTRA_INPUT, Integer.toString(position), sha256.digest(bytes)));
        }
        for (String extraFile : request.getExtraFiles()) {
            head.add(fileInput(ListingEntry.Kind.EXTRA_FILE, base, extraFile, "extra input file", warnings));
        }
        for (Map.Entry<String, String> image : request.getBaseImages().entrySet()) {
            byte[] id = FileNames.encode(image.getValue(), "base image " + image.getValue());
            head.add(new PendingEntry(ListingEntry.Kind.BASE_IMAGE, image.getKey() + " " + image.getValue(),
                    sha256.digest(id)));
        }
    }

    private static PendingEntry fileInput(ListingEntry.Kind kind, Path base, String given, String what,
            List<String> warnings) {
        Path file = resolve(base, given, what);
        if (!Files.exists(file)) {
            throw new ChecksumInputException(what + " does not exist: " + describe(file, given));
        }
        if (!Files.isRegularFile(file)) {
            throw new ChecksumInputException(what + " is not a regular file: " + describe(file, given));
        }
        if (!file.startsWith(base)) {
            warnings.add(outsideWarning(what, file, base));
        }
        return new PendingEntry(kind, shownName(base, file), file);
    }

    private static Path existingDirectory(Path base, String given) {
        Path directory = resolve(base, given, "definition directory");
        if (!Files.exists(directory)) {
            throw new ChecksumInputException("definition directory does not exist: " + describe(directory, given));
        }
        if (!Files.isDirectory(directory)) {
            throw new ChecksumInputException("definition directory is not a directory: " + describe(directory, given));
        }
        return directory;
    }

    /** Absolute and normalized against the base directory, without resolving symbolic links (like {@code pwd}). */
    private static Path resolve(Path base, String given, String what) {
        try {
            return base.resolve(given).normalize();
        } catch (InvalidPathException e) {
            throw new ChecksumInputException(what + " is not a valid path: '" + given + "'", e);
        }
    }

    private static String describe(Path resolved, String given) {
        return resolved.toString().equals(given) ? given : resolved + " (given as '" + given + "')";
    }

    private static String strictNamePrefix(Path base, Path root, List<String> warnings) {
        if (root.equals(base)) {
            return "";
        }
        if (!root.startsWith(base)) {
            warnings.add(outsideWarning("definition directory", root, base));
        }
        return withSlash(shownName(base, root));
    }

    /** Relative to the base directory when inside it, else absolute; '/' between names on every platform. */
    static String shownName(Path base, Path path) {
        return path.startsWith(base) ? slashes(base.relativize(path)) : slashes(path);
    }

    private static String outsideWarning(String what, Path path, Path base) {
        return what + " " + path + " lies outside the base directory " + base
                + ": the strict checksum then depends on its absolute path";
    }

    /**
     * The seed sorts the path strings that {@code os.walk} builds from each directory exactly as it was written:
     * a relative directory stays relative, {@code ./ami} keeps its {@code ./}, so a mix of spellings orders files
     * by those spellings ({@code /w/x} before {@code ami/y}). Only the separator is made '/'.
     */
    private static String seedSpelling(String given) {
        return File.separatorChar == '/' ? given : given.replace(File.separatorChar, '/');
    }

    private static String slashes(Path path) {
        String text = path.toString();
        return File.separatorChar == '/' ? text : text.replace(File.separatorChar, '/');
    }

    private static String withSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }
}
