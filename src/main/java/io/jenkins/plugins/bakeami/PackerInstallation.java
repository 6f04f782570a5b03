package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.EnvironmentSpecific;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.slaves.NodeSpecific;
import hudson.tools.ToolDescriptor;
import hudson.tools.ToolInstallation;
import hudson.tools.ToolProperty;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Packer as a Jenkins tool (Manage Jenkins → Tools → Packer installations): a name and the directory that holds the
 * {@code packer} executable, per node where the node says so (Tool Locations) or where one of core's installers put
 * it (run a command; extract a zip or tar.gz from a URL, such as HashiCorp's release archive, whose top level is the
 * executable). Pipelines use it as {@code tools { packer 'packer-1.11' }} or {@code tool 'packer-1.11'} (its home is
 * added to the PATH, {@code PATH+PACKER}); bakeAmi chooses one with its {@code packerTool} option or the global default
 * ({@link BakeAmiGlobalConfiguration}), resolved on the controller for the node that holds the workspace.
 */
public final class PackerInstallation extends ToolInstallation
        implements NodeSpecific<PackerInstallation>, EnvironmentSpecific<PackerInstallation> {
    /** The executable's name in the installation's home. */
    static final String EXECUTABLE = "packer";

    @DataBoundConstructor
    public PackerInstallation(String name, String home, List<? extends ToolProperty<?>> properties) {
        super(name, home, properties);
    }

    @Override
    public PackerInstallation forNode(@NonNull Node node, TaskListener log) throws IOException, InterruptedException {
        return new PackerInstallation(getName(), translateFor(node, log), getProperties().toList());
    }

    @Override
    public PackerInstallation forEnvironment(EnvVars environment) {
        return new PackerInstallation(getName(), environment.expand(getHome()), getProperties().toList());
    }

    @Override
    public void buildEnvVars(EnvVars env) {
        String home = getHome();
        if (home != null) {
            env.put("PATH+PACKER", home);
        }
    }

    /**
     * The packer executable of the installation named {@code name} on {@code node}, with the node's own home (Tool
     * Locations, or where an installer put it: installing it there first if needed) and the build's variables
     * expanded in it. On the controller.
     *
     * @throws IllegalArgumentException naming the installation: unknown (the message lists the configured ones), or
     *                                  without a home on that node
     */
    static String executable(String name, Node node, EnvVars env, TaskListener listener)
            throws IOException, InterruptedException {
        PackerInstallation installation = find(name, installations());
        String home = InputRules.trimToNull(installation.forNode(node, listener).forEnvironment(env).getHome());
        if (home == null) {
            throw new IllegalArgumentException(Messages.PackerTool_NoHome(name,
                    BakeAmiRunner.nodeDisplayName(node.getNodeName())));
        }
        return home.endsWith("/") || home.endsWith("\\") ? home + EXECUTABLE : home + "/" + EXECUTABLE;
    }

    static PackerInstallation find(String name, PackerInstallation[] installations) {
        for (PackerInstallation installation : installations) {
            if (installation.getName().equals(name)) {
                return installation;
            }
        }
        String configured = Arrays.stream(installations).map(i -> "'" + i.getName() + "'")
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(Messages.PackerTool_Unknown(name,
                configured.isEmpty() ? Messages.PackerTool_NoneConfigured() : Messages.PackerTool_Configured(configured)));
    }

    static PackerInstallation[] installations() {
        return ExtensionList.lookupSingleton(DescriptorImpl.class).getInstallations();
    }

    @Extension
    @Symbol("packer")
    public static final class DescriptorImpl extends ToolDescriptor<PackerInstallation> {
        public DescriptorImpl() {
            load();
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PackerInstallation_DisplayName();
        }

        @Override
        public void setInstallations(PackerInstallation... installations) {
            super.setInstallations(installations);
            save();
        }
    }

    private static final long serialVersionUID = 1L;
}
