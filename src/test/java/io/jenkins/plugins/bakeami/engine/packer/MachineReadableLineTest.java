package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class MachineReadableLineTest {

    @Test
    public void parsesUiLineAndUnescapesItsText() {
        // as packer 1.6.6 prints a validate error
        MachineReadableLine line = MachineReadableLine.parse("1795459486,,ui,error,Error: Undefined -var variable"
                + "\\n\\nA \"nope\" variable was passed%!(PACKER_COMMA) see\\r\\n").orElseThrow();
        assertEquals(1795459486L, line.timestamp());
        assertEquals("", line.target());
        assertEquals("ui", line.type());
        assertTrue(line.isUi());
        assertEquals("error", line.uiKind());
        assertEquals("Error: Undefined -var variable\n\nA \"nope\" variable was passed, see\r\n", line.uiText());
    }

    @Test
    public void parsesTargetedDataLines() {
        MachineReadableLine line = MachineReadableLine.parse(
                "1795459482,amazon-ebs.app,artifact,0,id,us-east-1:ami-1%!(PACKER_COMMA)eu-west-1:ami-2").orElseThrow();
        assertEquals("amazon-ebs.app", line.target());
        assertEquals("artifact", line.type());
        assertEquals(List.of("0", "id", "us-east-1:ami-1,eu-west-1:ami-2"), line.data());
        assertFalse(line.isUi());
        assertEquals("", line.uiText());
    }

    @Test
    public void lineWithoutDataAndEmptyFields() {
        MachineReadableLine line = MachineReadableLine.parse("1,null,artifact,0,end").orElseThrow();
        assertEquals(List.of("0", "end"), line.data());
        assertEquals(List.of("1.6.6"), MachineReadableLine.parse("5,,version,1.6.6").orElseThrow().data());
        assertEquals(List.of(""), MachineReadableLine.parse("5,,version-prelease,").orElseThrow().data());
        assertEquals(List.of(), MachineReadableLine.parse("5,,x").orElseThrow().data());
    }

    @Test
    public void otherTextIsNotMachineReadable() {
        assertFalse(MachineReadableLine.parse("panic: runtime error, index out of range").isPresent());
        assertFalse(MachineReadableLine.parse("Packer v1.6.6").isPresent());
        assertFalse(MachineReadableLine.parse("").isPresent());
        assertFalse(MachineReadableLine.parse("12a,,ui,say,x").isPresent());
        assertFalse(MachineReadableLine.parse("12,,,say").isPresent());
        assertFalse(MachineReadableLine.parse("1,2").isPresent());
    }

    @Test
    public void escapeIsTheInverseOfUnescape() {
        String text = "a,b\nc\rd";
        assertEquals("a%!(PACKER_COMMA)b\\nc\\rd", MachineReadableLine.escape(text));
        assertEquals(text, MachineReadableLine.unescape(MachineReadableLine.escape(text)));
    }
}
