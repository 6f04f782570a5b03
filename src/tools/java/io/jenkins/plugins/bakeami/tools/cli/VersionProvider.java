package io.jenkins.plugins.bakeami.tools.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar's manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BakeAmiCli.class.getPackage().getImplementationVersion();
        return new String[] {"bake-ami " + (version == null ? "(development build)" : version)};
    }
}
