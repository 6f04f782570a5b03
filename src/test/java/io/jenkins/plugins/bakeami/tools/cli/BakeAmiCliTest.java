package io.jenkins.plugins.bakeami.tools.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import picocli.CommandLine;

/** The top-level command: a run builds only the subcommand it runs, help and errors still see them all. */
public class BakeAmiCliTest {
    private static final List<String> ALL = List.of("bake", "lookup", "checksum", "prune", "sweep", "demo", "emulator",
            "help");

    private static List<String> subcommands(String first) {
        return List.copyOf(BakeAmiCli.commandLine(Map.of(), first).getSubcommands().keySet());
    }

    @Test
    public void aRunOfOneSubcommandBuildsOnlyThatOne() {
        for (String name : ALL.subList(0, ALL.size() - 1)) {
            assertEquals(List.of(name), subcommands(name));
        }
    }

    @Test
    public void helpOptionsAndUnknownNamesSeeEverySubcommandInUsageOrder() {
        assertEquals(ALL, subcommands(null));
        assertEquals(ALL, subcommands("help"));
        assertEquals(ALL, subcommands("--help"));
        assertEquals(ALL, subcommands("chekcsum"));
        assertEquals(ALL, List.copyOf(BakeAmiCli.commandLine(Map.of()).getSubcommands().keySet()));
    }

    @Test
    public void usageListsEverySubcommandAndAMistypedOneIsABadInput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine help = BakeAmiCli.commandLine(Map.of(), "--help").setOut(new PrintWriter(out));
        assertEquals(0, help.execute("--help"));
        for (String name : ALL) {
            assertTrue(out.toString(), out.toString().contains("  " + name + " "));
        }
        CommandLine wrong = BakeAmiCli.commandLine(Map.of(), "chekcsum").setErr(new PrintWriter(err));
        assertEquals(ExitCodes.BAD_INPUT, wrong.execute("chekcsum"));
        assertTrue(err.toString(), err.toString().contains("chekcsum"));
    }

    @Test
    public void helpOfASubcommandWorksThroughTheHelpCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = BakeAmiCli.commandLine(Map.of(), "help").setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("help", "checksum"));
        assertTrue(out.toString(), out.toString().contains("--mode"));
    }
}
