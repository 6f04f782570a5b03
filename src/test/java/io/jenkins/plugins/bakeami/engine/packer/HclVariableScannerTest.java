package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Set;
import org.junit.Test;

public class HclVariableScannerTest {

    private static List<String> declared(String hcl) throws Exception {
        return List.copyOf(HclVariableScanner.scan(hcl).declared());
    }

    @Test
    public void findsVariableBlocksInOrder() throws Exception {
        String hcl = "variable \"aws_region\" {\n  type = string\n  default = \"us-east-1\"\n}\n\n"
                + "variable \"config_checksum\" {}\n"
                + "variable bare_label {\n}\n"
                + "source \"amazon-ebs\" \"app\" {\n  region = var.aws_region\n}\n";
        assertEquals(List.of("aws_region", "config_checksum", "bare_label"), declared(hcl));
    }

    @Test
    public void findsPacker15VariablesBlockAttributes() throws Exception {
        String hcl = "variables {\n  region = \"eu-west-1\"\n  tags = {\n    nested = \"not a variable\"\n  }\n"
                + "  count = 2\n}\n";
        assertEquals(List.of("region", "tags", "count"), declared(hcl));
    }

    @Test
    public void ignoresLookalikesInStringsCommentsHeredocsAndNestedBlocks() throws Exception {
        String hcl = "# variable \"in_hash_comment\" {}\n"
                + "// variable \"in_slash_comment\" {}\n"
                + "/* variable \"in_block_comment\" {\n} */\n"
                + "locals {\n  text = \"variable \\\"in_string\\\" {\"\n}\n"
                + "build {\n  variable \"nested\" {\n  }\n"
                + "  provisioner \"shell-local\" {\n    inline = [<<EOF\nvariable \"in_heredoc\" {\n}\nEOF\n"
                + "    ]\n  }\n}\n"
                + "variable \"real\" {\n  default = \"${upper(\"}\")} %{ if true }{{x}}%{ endif } $${not_interp\"\n}\n"
                + "variable \"after\" {\n  description = <<-DESC\n    text with } and {\n    DESC\n}\n";
        assertEquals(List.of("real", "after"), declared(hcl));
    }

    @Test
    public void findsSensitiveVariables() throws Exception {
        String hcl = "variable \"password\" {\n  sensitive = true\n}\n"
                + "variable \"user\" {\n  sensitive = false\n}\n"
                + "variable \"token\" { sensitive = true }\n"
                + "variable \"other\" {\n  default = { sensitive = true }\n}\n";
        TemplateVariables v = HclVariableScanner.scan(hcl);
        assertEquals(List.of("password", "user", "token", "other"), List.copyOf(v.declared()));
        assertEquals(Set.of("password", "token"), v.sensitive());
    }

    @Test
    public void operatorsAreNotAttributes() throws Exception {
        String hcl = "variables {\n  a = 1\n  b == 2\n}\nvariable \"c\" {\n  validation {\n"
                + "    condition = length(var.c) >= 3\n  }\n}\n";
        assertEquals(List.of("a", "c"), declared(hcl));
    }

    @Test
    public void reportsUnterminatedConstructsWithTheirLine() {
        assertRefused("variable \"a\" {}\nvariable \"b {\n}\n", "unterminated string on line 2");
        assertRefused("\n/* open\n", "unterminated /* comment starting on line 2");
        assertRefused("x = <<EOF\nno end\n", "unterminated heredoc <<EOF starting on line 1");
        assertRefused("x = \"${ a \n", "unterminated ${ interpolation in the string on line 1");
    }

    private static void assertRefused(String hcl, String message) {
        try {
            HclVariableScanner.scan(hcl);
            fail("accepted: " + hcl);
        } catch (HclVariableScanner.HclSyntaxException e) {
            assertEquals(message, e.getMessage());
        }
    }
}
