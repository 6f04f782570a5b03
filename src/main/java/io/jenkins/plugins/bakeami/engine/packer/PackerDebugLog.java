package io.jenkins.plugins.bakeami.engine.packer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Packer's debug log ({@code PACKER_LOG=1}): each Packer command writes it to a file of its own through
 * {@code PACKER_LOG_PATH} (Packer truncates the file it is given, and its log must not mix into the output that the
 * polls read), in a directory beside the run's control files; when the bake ends, all of them, secrets masked, go
 * into one file beside the AMI id file, {@value #DIRECTORY}/{@value #FILE}. Read and written a line at a time.
 */
public final class PackerDebugLog {
    public static final String DIRECTORY = ".bake-ami";
    public static final String FILE = "packer-debug.log";
    /** The commands in the order a bake runs them. */
    private static final List<String> COMMANDS = List.of("packer init", "packer plugins installed", "packer validate",
            "packer build");

    private PackerDebugLog() {
    }

    /** What makes the command {@code action} write its debug log into {@code directory}. */
    static Map<String, String> environment(Path directory, String action) {
        return Map.of("PACKER_LOG", "1", "PACKER_LOG_PATH", directory.resolve(fileName(action)).toString());
    }

    /** Where the masked log goes: {@value #DIRECTORY}/{@value #FILE} beside the AMI id file. */
    public static Path target(Path amiIdFile) {
        return amiIdFile.toAbsolutePath().normalize().resolveSibling(DIRECTORY).resolve(FILE);
    }

    /**
     * Joins the logs the commands wrote into {@code directory}, each under a heading, masked, into {@code target}
     * (replaced). Returns false, writing nothing, when no command wrote one.
     */
    public static boolean collect(Path directory, Path target, SecretMasker masker) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(FILE + ".partial");
        boolean any = false;
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            for (String command : COMMANDS) {
                Path log = directory.resolve(fileName(command));
                if (!Files.isRegularFile(log)) {
                    continue;
                }
                any = true;
                out.write("# " + command + " (PACKER_LOG=1; secrets masked)\n");
                // an InputStreamReader replaces bytes that are not UTF-8 instead of failing on them
                try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(log),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        out.write(masker.mask(line));
                        out.write('\n');
                    }
                }
            }
        }
        if (!any) {
            Files.delete(partial);
            return false;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static String fileName(String action) {
        return action.replace(' ', '-') + ".log";
    }
}
