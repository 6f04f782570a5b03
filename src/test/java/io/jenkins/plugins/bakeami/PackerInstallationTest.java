package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.ExtensionList;
import hudson.model.Node;
import hudson.model.Saveable;
import hudson.slaves.NodeProperty;
import hudson.slaves.NodePropertyDescriptor;
import hudson.tools.ToolLocationNodeProperty;
import hudson.util.DescribableList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Packer as a Jenkins tool, resolved as a bake resolves it on the controller: the installation by name, its home on
 * the workspace's node (the node's Tool Locations, through core's ToolInstallation.translateFor, which the stand-in
 * has with its real body), the build's variables expanded in it, the executable under it. Installers and a real agent
 * are exercised in a real Jenkins (PackerInstallationJenkinsTest).
 */
public class PackerInstallationTest {
    @Rule
    public JenkinsHome jenkinsHome = new JenkinsHome();

    private PackerInstallation.DescriptorImpl descriptor;

    @Before
    public void twoInstallations() {
        descriptor = ExtensionList.lookupSingleton(PackerInstallation.DescriptorImpl.class);
        descriptor.setInstallations(new PackerInstallation("packer-1.11", "/opt/packer-1.11", List.of()),
                new PackerInstallation("packer-home", "$TOOLS/packer", List.of()),
                new PackerInstallation("packer-nowhere", null, List.of()));
    }

    /** An agent whose Tool Locations give packer-1.11 another home there. */
    private Node agent(String name, ToolLocationNodeProperty.ToolLocation... locations) {
        Node node = mock(Node.class);
        when(node.getNodeName()).thenReturn(name);
        DescribableList<NodeProperty<?>, NodePropertyDescriptor> properties = new DescribableList<>(Saveable.NOOP,
                locations.length == 0 ? List.of() : List.of(new ToolLocationNodeProperty(locations)));
        when(node.getNodeProperties()).thenReturn(properties);
        return node;
    }

    @Test
    public void theSymbolNamesItInToolsBlocksAndConfigurationAsCode() {
        assertEquals(List.of("packer"), List.of(PackerInstallation.DescriptorImpl.class.getAnnotation(Symbol.class).value()));
        assertEquals("Packer", descriptor.getDisplayName());
    }

    @Test
    public void theNodesToolLocationIsTheHomeThere() throws Exception {
        Node agent = agent("linux-7",
                new ToolLocationNodeProperty.ToolLocation(descriptor, "packer-1.11", "/home/jenkins/tools/packer"));
        assertEquals("/home/jenkins/tools/packer/packer",
                PackerInstallation.executable("packer-1.11", agent, new EnvVars(), new SilentListener()));
        assertEquals("another node has no Tool Location: the configured home", "/opt/packer-1.11/packer",
                PackerInstallation.executable("packer-1.11", agent("linux-8"), new EnvVars(), new SilentListener()));
        assertEquals("a location of another installation does not apply", "/opt/packer-1.11/packer",
                PackerInstallation.executable("packer-1.11", agent("linux-9",
                        new ToolLocationNodeProperty.ToolLocation(descriptor, "packer-home", "/elsewhere")),
                        new EnvVars(), new SilentListener()));
    }

    @Test
    public void theBuildsVariablesAreExpandedInTheNodesHome() throws Exception {
        EnvVars env = new EnvVars("TOOLS", "/srv/tools", "AGENT_TOOLS", "/data/tools");
        assertEquals("/srv/tools/packer/packer",
                PackerInstallation.executable("packer-home", agent("linux-7"), env, new SilentListener()));
        Node agent = agent("linux-8",
                new ToolLocationNodeProperty.ToolLocation(descriptor, "packer-home", "${AGENT_TOOLS}/packer/"));
        assertEquals("/data/tools/packer/packer",
                PackerInstallation.executable("packer-home", agent, env, new SilentListener()));
    }

    @Test
    public void anUnknownNameListsTheConfiguredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackerInstallation.executable("packer-2", agent("linux-7"), new EnvVars(), new SilentListener()));
        assertEquals("no Packer installation named 'packer-2' (Manage Jenkins → Tools → Packer installations): "
                + "configured: 'packer-1.11', 'packer-home', 'packer-nowhere'", e.getMessage());
        descriptor.setInstallations();
        e = assertThrows(IllegalArgumentException.class,
                () -> PackerInstallation.executable("packer-2", agent("linux-7"), new EnvVars(), new SilentListener()));
        assertTrue(e.getMessage(), e.getMessage().endsWith(": none is configured"));
    }

    @Test
    public void anInstallationWithoutAHomeOnTheNodeSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackerInstallation.executable("packer-nowhere", agent("linux-7"), new EnvVars(), new SilentListener()));
        TroubleshootingTable.assertDocumented("Jenkins: Packer installation without a home on the workspace's node",
                "bakeAmi: " + e.getMessage());
    }

    @Test
    public void toolsBlocksPutTheHomeOnThePath() {
        EnvVars env = new EnvVars();
        new PackerInstallation("packer-1.11", "/opt/packer-1.11", List.of()).buildEnvVars(env);
        assertEquals("/opt/packer-1.11", env.get("PATH+PACKER"));
    }

    @Test
    public void installationsAreSavedAndReadBack() {
        PackerInstallation.DescriptorImpl restarted = new PackerInstallation.DescriptorImpl();
        assertEquals(List.of("packer-1.11", "packer-home", "packer-nowhere"),
                List.of(restarted.getInstallations()).stream().map(PackerInstallation::getName).toList());
        assertEquals("$TOOLS/packer", restarted.getInstallations()[1].getHome());
    }

    /** What a bake resolves on the controller for the built-in node: the option, or the global default. */
    @Test
    public void aBakeResolvesTheOptionOrTheGlobalDefaultForTheWorkspacesNode() throws Exception {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setRegion("us-east-1");
        step.setPackerTool("packer-1.11");
        EnvVars env = new EnvVars("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret");
        BakeAmiParameters r = BakeAmiRunner.resolve(step, GlobalDefaults.NONE, null, env, "", new SilentListener());
        assertEquals("/opt/packer-1.11/packer", r.getPackerPath());
        GlobalDefaults withTool = new GlobalDefaults(null, null, null, List.of(), null, null, "packer-home");
        r = BakeAmiRunner.resolve(new BakeAmiStep("ami/packer.json"), withTool, null,
                new EnvVars("AWS_REGION", "us-east-1", "TOOLS", "/srv/tools"), "", new SilentListener());
        assertEquals("/srv/tools/packer/packer", r.getPackerPath());
        assertTrue(r.describe(), r.describe().contains("(tool 'packer-home', global default)"));
        step.setPackerTool("packer-2");
        AbortException e = assertThrows(AbortException.class,
                () -> BakeAmiRunner.resolve(step, GlobalDefaults.NONE, null, env, "", new SilentListener()));
        TroubleshootingTable.assertDocumented("Jenkins: unknown Packer installation (`packerTool`, or the global default)",
                e.getMessage());
        assertEquals("the built-in node is Jenkins itself", "", Jenkins.get().getNodeName());

        GlobalDefaults badTagKey = new GlobalDefaults(null, null, "aws:checksum", List.of(), null, null, null);
        e = assertThrows(AbortException.class,
                () -> BakeAmiRunner.resolve(new BakeAmiStep("ami/packer.json"), badTagKey, null, env, "",
                        new SilentListener()));
        TroubleshootingTable.assertDocumented(
                "Jenkins: invalid global default (Manage Jenkins → System, Bake AMI; here: the tag key)", e.getMessage());
    }
}
