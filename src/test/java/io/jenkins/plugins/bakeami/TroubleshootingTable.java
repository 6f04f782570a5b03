package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Bad input" table of docs/troubleshooting.md, checked against the messages the tests see: a test that produces
 * the error for an input calls {@link #assertDocumented}, which finds the row of that input and matches the real
 * message against it. In a row's message, {@code <name>} stands for a part that changes from run to run (the test's
 * temporary directory, a port, an AMI id); everything else must be exactly the text the user reads.
 * {@code TroubleshootingTableTest} checks the other way: every row is one of {@link #ROWS}.
 */
public final class TroubleshootingTable {
    static final Path DOCUMENT = Path.of("docs/troubleshooting.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z][a-z ]*>");

    /** Every row of the table, by its input, with the test that produces its message. */
    public static final Map<String, String> ROWS = new LinkedHashMap<>();

    static {
        String bad = "BakeBadInputTest";
        for (String input : List.of("`.ami_id.json` path is a directory", "`.ami_id.json` path whose parent is a file",
                "`.ami_id.json` on a kernel pseudo-file system (/proc, /sys)",
                "`.ami_id.json` write that fails after the bake (here: a file in the way of its directory)",
                "`packer` missing", "`packer` not on the PATH", "`packer` too old", "a variable the template does not declare",
                "a variable that contradicts the region (here: --var aws_region=us-west-2 for us-east-1)",
                "a var file that contradicts the region", "a variable the bake sets itself (the checksum variable)",
                "an image found in state `failed` (log line; the bake goes on and bakes)",
                "empty definition directory (no files at all)", "empty directory list (\"\", \" , \", \",,\", a stray comma)",
                "endpoint URL malformed", "endpoint URL unreachable", "`https://` endpoint that speaks plain HTTP",
                "invalid region name", "unknown region (not in the AWS SDK's list)", "malformed tag key",
                "missing definition directory", "missing template", "packer exits 0 without an AMI artifact",
                "packer exits non-zero (here: a provisioner fails)", "template that does not parse",
                "JSON template with a UTF-8 byte-order mark", "working directory that does not exist")) {
            ROWS.put(input, bad);
        }
        ROWS.put("unreadable file (definition file without read permission)", "ChecksumCommandTest, BakeBadInputTest");
        ROWS.put("no AWS credentials anywhere", "LookupCommandTest");
        ROWS.put("`lookup --checksum` with a wildcard (`*` or `?`)", "LookupCommandTest");
        ROWS.put("`checksum --threads` above 256", "ChecksumCommandTest");
        ROWS.put("`baseImage: require` with a source image only Packer can work out", "BakeBaseImageTest");
        ROWS.put("a source tag key that is the checksum's (or `ami_family`)", "BakeBaseImageTest");
        ROWS.put("an unknown `baseImage` (`--base-image`)", "BakeCommandTest");
        ROWS.put("a copy to a region that ends `failed`", "BakeRegionsTest");
        ROWS.put("a copy to a region that EC2 refuses (here: an image of the same name is there)", "BakeRegionsTest");
        ROWS.put("`family` that is not a tag value (`bakeAmi`, `pruneAmis`)", "BakeAmiParametersTest");
        ROWS.put("`keep` below 0 (`bakeAmi`)", "BakeAmiParametersTest");
        ROWS.put("`minAge` that is not a duration (`bakeAmi`, `pruneAmis`)", "BakeAmiParametersTest, PruneAmisStepTest");
        ROWS.put("Jenkins: unknown credentials id", "TroubleshootingTableTest");
        ROWS.put("Jenkins: credentials of the wrong type", "TroubleshootingTableTest");
        for (String input : List.of("`onError` ask", "`debug` with the log inside an ami-bakery definition directory",
                "`lineEndings` normalize with the ami-bakery checksum", "a role that is not an IAM role ARN",
                "a role over the AWS profile of the environment")) {
            ROWS.put(input, bad);
        }
        ROWS.put("a role the trust policy refuses (here: a wrong external id)", "RoleCredentialsTest");
        for (String input : List.of("`init` always with a JSON template", "`init` always with a Packer older than 1.7",
                "Packer 1.10 or newer without the amazon plugin")) {
            ROWS.put(input, "PackerPluginsTest");
        }
        for (String input : List.of("Jenkins: AWS credentials that need an MFA code",
                "Jenkins: a role in the credentials entry and in the role option",
                "Jenkins: a GitHub token id that is not secret text")) {
            ROWS.put(input, "TroubleshootingTableTest");
        }
        ROWS.put("Jenkins: unknown Packer installation (`packerTool`, or the global default)", "PackerInstallationTest");
        ROWS.put("Jenkins: Packer installation without a home on the workspace's node", "PackerInstallationTest");
        ROWS.put("Jenkins: invalid global default (Manage Jenkins → System, Bake AMI; here: the tag key)",
                "PackerInstallationTest");
    }

    private TroubleshootingTable() {}

    /** Asserts that the table has a row for {@code input} and that its message is {@code message}. */
    public static void assertDocumented(String input, String message) {
        assertTrue("not a row of the table (add it to TroubleshootingTable.ROWS and the document): " + input,
                ROWS.containsKey(input));
        String row = rows().get(input);
        assertNotNull(DOCUMENT + " has no row for: " + input + "\nthe message is: " + message, row);
        assertTrue(DOCUMENT + ", row \"" + input + "\":\n  documented: " + row + "\n  real:       " + message,
                pattern(row).matcher(message.replace("\n", " ")).matches());
    }

    /** The table's rows: input to the message it documents (the first code span of the second cell). */
    static Map<String, String> rows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOCUMENT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> rows = new LinkedHashMap<>();
        int start = lines.indexOf("## Bad input");
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("(?<!\\\\)\\|");
            String input = cells[1].trim();
            if (input.equals("Input") || input.startsWith("---")) {
                continue;
            }
            rows.put(input, codeSpan(cells[2].trim().replace("\\|", "|")));
        }
        return rows;
    }

    /** The text of the code span a cell starts with: {@code `text`} or {@code `` text `` } (when it holds a `). */
    private static String codeSpan(String cell) {
        Matcher m = Pattern.compile("^(`+) ?(.*?) ?\\1(?!`)").matcher(cell);
        assertTrue("a message cell starts with the message as code: " + cell, m.find());
        return m.group(2);
    }

    private static Pattern pattern(String documented) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(documented);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(documented.substring(last, m.start()))).append(".+?");
            last = m.end();
        }
        regex.append(Pattern.quote(documented.substring(last)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The inputs the table documents, in order. */
    static Set<String> documentedInputs() {
        return rows().keySet();
    }
}
