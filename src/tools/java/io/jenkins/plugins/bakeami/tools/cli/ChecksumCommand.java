package io.jenkins.plugins.bakeami.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder replaced by the checksum engine work (issue 3). */
@Command(name = "checksum", description = "Compute the AMI configuration checksum of definition directories.")
final class ChecksumCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 2;
    }
}
