package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertTrue;

import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.tools.CommandInstaller;
import hudson.tools.InstallSourceProperty;
import hudson.tools.ToolLocationNodeProperty;
import hudson.tools.ZipExtractionInstaller;
import java.io.File;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Packer as a Jenkins tool in a real Jenkins (profile jenkins; not run in the default build): resolved for the agent
 * that holds the workspace (its Tool Location), installed there by core's installers, found by {@code tool} and its
 * symbol, and an unknown name listing the configured ones. The bakes point at a closed loopback port: they fail after
 * the first line, which says which packer they would run.
 */
public class PackerInstallationJenkinsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String BAKE = "  writeFile file: 'ami/packer.json', text: '{\"builders\": []}'\n"
            + "  bakeAmi template: 'ami/packer.json', region: 'us-east-1', endpoint: 'http://127.0.0.1:1'";

    private PackerInstallation.DescriptorImpl descriptor() {
        return j.jenkins.getDescriptorByType(PackerInstallation.DescriptorImpl.class);
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    @Test
    public void theAgentsToolLocationIsWhatTheBakeRuns() throws Exception {
        descriptor().setInstallations(new PackerInstallation("packer-1.11", "/opt/packer-1.11", List.of()));
        DumbSlave agent = j.createOnlineSlave(Label.get("remote"));
        agent.getNodeProperties().add(new ToolLocationNodeProperty(
                new ToolLocationNodeProperty.ToolLocation(descriptor(), "packer-1.11", "/home/jenkins/packer")));
        WorkflowRun b = run("node('remote') {\n" + BAKE + ", packerTool: 'packer-1.11'\n}", Result.FAILURE);
        j.assertLogContains("packer /home/jenkins/packer/packer (tool 'packer-1.11', option)", b);
        WorkflowRun onController = run("node('built-in') {\n" + BAKE + ", packerTool: 'packer-1.11'\n}", Result.FAILURE);
        j.assertLogContains("packer /opt/packer-1.11/packer (tool 'packer-1.11', option)", onController);
    }

    @Test
    public void theCommandInstallerInstallsOnTheAgentOnFirstUse() throws Exception {
        descriptor().setInstallations(new PackerInstallation("packer-cmd", null, List.of(new InstallSourceProperty(
                List.of(new CommandInstaller(null, "mkdir -p bin && printf '#!/bin/sh\\necho Packer v1.11.2\\n' > "
                        + "bin/packer && chmod +x bin/packer", "bin"))))));
        DumbSlave agent = j.createOnlineSlave(Label.get("remote"));
        WorkflowRun b = run("node('remote') {\n" + BAKE + ", packerTool: 'packer-cmd'\n}", Result.FAILURE);
        FilePath installed = agent.getRootPath().child("tools/io.jenkins.plugins.bakeami.PackerInstallation/packer-cmd/bin/packer");
        assertTrue(installed + " was installed", installed.exists());
        j.assertLogContains("packer " + installed.getRemote() + " (tool 'packer-cmd', option)", b);
    }

    /** Extraction of a zip whose top level is the executable, as HashiCorp's release archives are. */
    @Test
    public void theZipInstallerAndTheToolStepWithItsSymbol() throws Exception {
        File zip = tmp.newFile("packer_1.11.2_linux_amd64.zip");
        try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("packer"));
            out.write("#!/bin/sh\necho Packer v1.11.2\n".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        descriptor().setInstallations(new PackerInstallation("packer-zip", null, List.of(new InstallSourceProperty(
                List.of(new ZipExtractionInstaller(null, zip.toURI().toURL().toString(), null))))));
        j.createOnlineSlave(Label.get("remote"));
        WorkflowRun b = run("node('remote') {\n"
                + "  def home = tool name: 'packer-zip', type: 'packer'\n"
                + "  sh \"chmod +x '${home}/packer'\"\n"
                + "  withEnv([\"PATH+PACKER=${home}\"]) { sh 'packer version' }\n"
                + "}", Result.SUCCESS);
        j.assertLogContains("Packer v1.11.2", b);
    }

    @Test
    public void anUnknownNameListsTheConfiguredOnes() throws Exception {
        descriptor().setInstallations(new PackerInstallation("packer-1.11", "/opt/packer-1.11", List.of()),
                new PackerInstallation("packer-1.9", "/opt/packer-1.9", List.of()));
        WorkflowRun b = run("node {\n" + BAKE + ", packerTool: 'packer-2'\n}", Result.FAILURE);
        j.assertLogContains("bakeAmi: no Packer installation named 'packer-2' (Manage Jenkins → Tools → Packer "
                + "installations): configured: 'packer-1.11', 'packer-1.9'", b);
        j.assertLogNotContains("\tat ", b);
    }
}
