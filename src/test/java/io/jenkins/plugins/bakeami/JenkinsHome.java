package io.jenkins.plugins.bakeami;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.rules.ExternalResource;

/**
 * A running Jenkins for a test of the default build, as the stand-in models one (src/standin/java
 * jenkins/model/Jenkins.java): a fresh JENKINS_HOME directory for the test, named by the system property of that name
 * while the test runs. The stand-in's Jenkins then has the plugin's extensions (found through the SezPoz index the
 * build wrote), and descriptors save and load their XML files in that directory. Without this rule there is no
 * Jenkins, as before.
 */
final class JenkinsHome extends ExternalResource {
    private Path home;

    @Override
    protected void before() throws IOException {
        home = Files.createTempDirectory("jenkins-home");
        System.setProperty("JENKINS_HOME", home.toString());
    }

    @Override
    protected void after() {
        System.clearProperty("JENKINS_HOME");
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + home, e);
        }
    }

    Path path() {
        return home;
    }
}
