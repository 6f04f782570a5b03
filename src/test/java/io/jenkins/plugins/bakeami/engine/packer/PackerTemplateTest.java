package io.jenkins.plugins.bakeami.engine.packer;

import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.write;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PackerTemplateTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The seed's example template, as far as its variables go. */
    static final String SEED_TEMPLATE = "{\n"
            + "  \"variables\": {\n"
            + "    \"aws_access_key\": \"\",\n"
            + "    \"aws_secret_key\": \"\",\n"
            + "    \"aws_region\": \"\",\n"
            + "    \"aws_subnet_id\": \"\",\n"
            + "    \"config_checksum\": \"\"\n"
            + "  },\n"
            + "  \"builders\": [{\"type\": \"amazon-ebs\", \"region\": \"{{user `aws_region`}}\",\n"
            + "    \"tags\": {\"ami_config_checksum\": \"{{user `config_checksum`}}\"}}],\n"
            + "  \"post-processors\": [{\"type\": \"manifest\", \"output\": \".manifest.json\"}]\n"
            + "}\n";

    @Test
    public void jsonTemplateDeclaresTheKeysOfVariables() throws Exception {
        Path file = write(tmp.getRoot().toPath(), "ami/packer.json", SEED_TEMPLATE);
        PackerTemplate t = PackerTemplate.load(file);
        assertEquals(PackerTemplate.Kind.JSON, t.kind());
        assertEquals(List.of("aws_access_key", "aws_secret_key", "aws_region", "aws_subnet_id", "config_checksum"),
                List.copyOf(t.declaredVariables()));
        assertEquals(file.getParent(), t.workingDirectory());
        assertEquals("packer.json", t.commandArgument());
        assertEquals(file, t.path());
    }

    @Test
    public void jsonTemplateSensitiveVariables() throws Exception {
        Path file = write(tmp.getRoot().toPath(), "t.json",
                "{\"variables\": {\"pw\": \"\", \"x\": \"\"}, \"sensitive-variables\": [\"pw\"], \"builders\": []}");
        PackerTemplate t = PackerTemplate.load(file);
        assertEquals(Set.of("pw"), t.sensitiveVariables());
        assertTrue(t.declares("x"));
    }

    @Test
    public void jsonTemplateWithoutVariablesDeclaresNone() throws Exception {
        Path file = write(tmp.getRoot().toPath(), "t.json", "{\"builders\": [{\"type\": \"null\"}]}");
        assertEquals(Set.of(), PackerTemplate.load(file).declaredVariables());
    }

    @Test
    public void hclFileAndDirectory() throws Exception {
        Path dir = tmp.newFolder("hcl").toPath();
        Path main = write(dir, "main.pkr.hcl",
                "variable \"b\" {}\nsource \"null\" \"x\" { communicator = \"none\" }\n");
        write(dir, "vars.pkr.hcl", "variable \"a\" {\n  sensitive = true\n}\n");
        write(dir, "more.pkr.json", "{\"variable\": {\"c\": {\"default\": \"\"}, \"d\": {\"sensitive\": true}}}");
        write(dir, "values.auto.pkrvars.hcl", "e = \"not a declaration\"\n");
        write(dir, "notes.txt", "variable \"f\" {}\n");

        PackerTemplate file = PackerTemplate.load(main);
        assertEquals(PackerTemplate.Kind.HCL2, file.kind());
        assertEquals(Set.of("b"), file.declaredVariables());
        assertEquals("main.pkr.hcl", file.commandArgument());
        assertEquals(dir, file.workingDirectory());

        PackerTemplate directory = PackerTemplate.load(dir);
        assertEquals(PackerTemplate.Kind.HCL2, directory.kind());
        // files in name order: main, more, vars
        assertEquals(List.of("b", "c", "d", "a"), List.copyOf(directory.declaredVariables()));
        assertEquals(Set.of("a", "d"), directory.sensitiveVariables());
        assertEquals(".", directory.commandArgument());
        assertEquals(dir, directory.workingDirectory());
    }

    @Test
    public void hclJsonVariableBlocksAsList() throws Exception {
        Path file = write(tmp.getRoot().toPath(), "t.pkr.json",
                "{\"variable\": [{\"a\": {}}, {\"b\": {\"sensitive\": true}}]}");
        PackerTemplate t = PackerTemplate.load(file);
        assertEquals(PackerTemplate.Kind.HCL2, t.kind());
        assertEquals(List.of("a", "b"), List.copyOf(t.declaredVariables()));
        assertEquals(Set.of("b"), t.sensitiveVariables());
    }

    @Test
    public void missingTemplateIsNamed() {
        Path missing = tmp.getRoot().toPath().resolve("nope/packer.json");
        assertRefused(missing, "Packer template " + missing + " does not exist");
    }

    @Test
    public void brokenJsonIsNamedWithLineAndColumn() throws Exception {
        Path file = write(tmp.getRoot().toPath(), "broken.json", "{\n  \"variables\": {\"a\": \"\",}\n}\n");
        assertRefused(file, "Packer template " + file + " is not valid JSON at line 2, column 25: Unexpected"
                + " character ('}' (code 125)): was expecting double-quote to start field name");
    }

    /** What Go's encoding/json (Packer's parser) refuses is refused here too, with the place. */
    @Test
    public void whatPackerRefusesIsRefusedWithTheLine() throws Exception {
        Path comment = write(tmp.getRoot().toPath(), "comment.json", "{\n// a comment\n\"builders\": []}");
        assertRefused(comment, "Packer template " + comment + " is not valid JSON at line 2, column 1");
        Path trailing = write(tmp.getRoot().toPath(), "trailing.json", "{\"builders\": []}\n{}");
        assertRefused(trailing, "Packer template " + trailing + " is not valid JSON at line 2, column 1");
        Path empty = write(tmp.getRoot().toPath(), "empty.json", " \n");
        assertRefused(empty, "Packer template " + empty + " is not valid JSON: it is empty");
    }

    /** Go's JSON parser stops at a byte-order mark, HCL's skips it: Packer 1.6.6 as seen from packer validate. */
    @Test
    public void aByteOrderMarkIsNamedInJsonAndSkippedInHcl() throws Exception {
        Path json = tmp.getRoot().toPath().resolve("bom.json");
        Files.write(json, ("\uFEFF" + SEED_TEMPLATE).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertRefused(json, "Packer template " + json + " starts with a UTF-8 byte-order mark, which Packer cannot"
                + " read in a JSON file: save it as UTF-8 without a byte-order mark");
        Path hclJson = tmp.getRoot().toPath().resolve("bom.pkr.json");
        Files.write(hclJson, "\uFEFF{\"variable\": {\"a\": {}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertRefused(hclJson, "starts with a UTF-8 byte-order mark");
        Path hcl = tmp.getRoot().toPath().resolve("bom.pkr.hcl");
        Files.write(hcl, "\uFEFFvariable \"a\" {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Set.of("a"), PackerTemplate.load(hcl).declaredVariables());
    }

    @Test
    public void jsonThatIsNotATemplate() throws Exception {
        Path list = write(tmp.getRoot().toPath(), "list.json", "[1]");
        assertRefused(list, "Packer template " + list + " is not a Packer JSON template: the template must be a"
                + " JSON object");
        Path vars = write(tmp.getRoot().toPath(), "vars.json", "{\"variables\": [\"a\"]}");
        assertRefused(vars, "is not a Packer JSON template: \"variables\" must be a JSON object");
    }

    @Test
    public void brokenHclIsNamed() throws Exception {
        Path file = write(tmp.getRoot().toPath(), "broken.pkr.hcl", "variable \"a {\n}\n");
        assertRefused(file, "Packer template " + file + " is not valid HCL: unterminated string on line 1");
    }

    @Test
    public void directoryWithoutHclFilesIsNamed() throws Exception {
        Path dir = tmp.newFolder("empty").toPath();
        write(dir, "packer.json", "{}");
        assertRefused(dir, "Packer template directory " + dir + " holds no .pkr.hcl or .pkr.json file");
    }

    @Test
    public void nonUtf8TemplateIsNamed() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        assertRefused(file, "Packer template " + file + " is not UTF-8 text");
    }

    private static void assertRefused(Path template, String message) {
        try {
            PackerTemplate.load(template);
            fail("loaded " + template);
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString(message));
        }
    }
}
