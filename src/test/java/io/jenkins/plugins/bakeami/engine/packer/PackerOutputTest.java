package io.jenkins.plugins.bakeami.engine.packer;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class PackerOutputTest {

    private final List<String> shown = new ArrayList<>();
    private final StringWriter raw = new StringWriter();
    private final PackerOutput output = new PackerOutput(shown::add, new SecretMasker(List.of("hunter2")),
            new PackerOutput.RawLog(raw));

    @Test
    public void showsUiTextNotTheFraming() {
        // lines as packer 1.6.6 prints a failing shell-local build
        output.accept("1795459604,,ui,say,==> null: Running local shell script: /tmp/packer-shell22761891");
        output.accept("1795459604,,ui,message,    null: before%!(PACKER_COMMA) after");
        output.accept("1795459604,,ui,error,Build 'null' errored after 7 milliseconds 990 microseconds: Script"
                + " exited with non-zero exit status: 3.Allowed exit codes are: [0]");
        output.accept("1795459604,,ui,say,\\n==> Wait completed after 8 milliseconds 106 microseconds");
        output.accept("1795459604,,error-count,1");
        output.accept("1795459604,null,error,Script exited with non-zero exit status: 3.Allowed exit codes are: [0]");
        assertEquals(List.of(
                "==> null: Running local shell script: /tmp/packer-shell22761891",
                "    null: before, after",
                "Build 'null' errored after 7 milliseconds 990 microseconds: Script exited with non-zero exit"
                        + " status: 3.Allowed exit codes are: [0]",
                "",
                "==> Wait completed after 8 milliseconds 106 microseconds"), shown);
        assertEquals("Build 'null' errored after 7 milliseconds 990 microseconds: Script exited with non-zero exit"
                + " status: 3.Allowed exit codes are: [0]", output.errorText());
        assertEquals(6, output.tail().size());
        assertEquals("1795459604,,error-count,1", output.tail().get(4));
    }

    @Test
    public void multiLineMessagesBecomeSeveralLinesWithoutTrailingBlanks() {
        output.accept("1,,ui,error,Error: Unset variable \"aws_region\"\\n\\nA used variable must be set\\n\\n");
        assertEquals(List.of("Error: Unset variable \"aws_region\"", "", "A used variable must be set"), shown);
        assertEquals("Error: Unset variable \"aws_region\"\n\nA used variable must be set", output.errorText());
    }

    @Test
    public void targetedUiLinesArePrefixedWithTheBuild() {
        output.accept("1,amazon-ebs.app,ui,say,hello");
        assertEquals(List.of("amazon-ebs.app: hello"), shown);
    }

    @Test
    public void plainLinesPassThroughAndCountAsErrors() {
        output.accept("panic: something broke");
        output.accept("");
        assertEquals(List.of("panic: something broke"), shown);
        assertEquals("panic: something broke", output.errorText());
    }

    @Test
    public void secretsAreMaskedEverywhere() {
        output.accept("1,,ui,message,    null: pw=hunter2");
        output.accept("plain hunter2");
        output.say("$ packer build -var pw=hunter2 t.json");
        assertEquals(List.of("    null: pw=****", "plain ****", "$ packer build -var pw=**** t.json"), shown);
        assertThat(String.join("\n", output.tail()), not(containsString("hunter2")));
        assertThat(raw.toString(), not(containsString("hunter2")));
        assertThat(output.errorText(), not(containsString("hunter2")));
        assertEquals("1,,ui,message,    null: pw=****\nplain ****\n# $ packer build -var pw=**** t.json\n",
                raw.toString());
    }

    @Test
    public void withoutErrorsTheLastLinesExplain() {
        for (int i = 0; i < 30; i++) {
            output.accept("1,,ui,say,line " + i);
        }
        String text = output.errorText();
        assertThat(text, containsString("1,,ui,say,line 29"));
        assertThat(text, containsString("1,,ui,say,line 10"));
        assertThat(text, not(containsString("line 9\n")));
    }

    @Test
    public void tailIsBounded() {
        for (int i = 0; i < PackerOutput.TAIL_LINES + 5; i++) {
            output.accept("line " + i);
        }
        assertEquals(PackerOutput.TAIL_LINES, output.tail().size());
        assertEquals("line 5", output.tail().get(0));
    }

    @Test
    public void failingSinkDoesNotStopTheOutput() {
        PackerOutput o = new PackerOutput(line -> {
            throw new IllegalStateException("log closed");
        }, new SecretMasker(List.of()), PackerOutput.RawLog.none());
        o.accept("1,,ui,say,one");
        o.accept("1,a,artifact,0,id,us-east-1:ami-1");
        o.accept("1,a,artifact,0,end");
        assertEquals(1, o.artifacts().all().size());
    }

    @Test
    public void collectsAnnouncedResources() {
        output.accept("1,,ui,say,==> amazon-ebs: Creating temporary keypair: packer_5fd0a");
        output.accept("1,,ui,message,    amazon-ebs: Instance ID: i-0123456789abcdef0");
        assertEquals(List.of("i-0123456789abcdef0"), output.resources().instanceIds());
        assertEquals(List.of("packer_5fd0a"), output.resources().keyPairNames());
    }
}
