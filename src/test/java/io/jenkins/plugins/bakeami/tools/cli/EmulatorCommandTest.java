package io.jenkins.plugins.bakeami.tools.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** {@code bake-ami emulator} as the demo runs it: a separate process, its URL on stdout, state kept across a restart. */
public class EmulatorCommandTest {
    private static final String KEY = "AKIACLITEST000000001";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Process> started = new ArrayList<>();

    @After
    public void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static final class Running {
        final Process process;
        final URI endpoint;

        Running(Process process, URI endpoint) {
            this.process = process;
            this.endpoint = endpoint;
        }
    }

    private Running startCli(Path errFile, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BakeAmiCli.class.getName());
        command.add("emulator");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue("first line must be the endpoint, got " + first + "; stderr: " + Files.readString(errFile, StandardCharsets.UTF_8),
                first != null && first.matches("http://127\\.0\\.0\\.1:[0-9]+"));
        return new Running(p, URI.create(first));
    }

    private static Ec2Client client(URI endpoint) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, "cli-test-secret")))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)))
                .build();
    }

    @Test(timeout = 300_000) // the CLI's first line is read without a deadline of its own
    public void printsItsUrlServesSeedsAndKeepsStateAcrossARestart() throws Exception {
        Path state = tmp.getRoot().toPath().resolve("ec2-state.json");
        Path seeds = tmp.newFile("seeds.json").toPath();
        Files.writeString(seeds, "[{\"region\": \"us-east-1\", \"name\": \"ours-1\", \"owner\": \"999999999999\", "
                + "\"tags\": {\"ami_config_checksum\": \"feed\"}, \"creationDate\": \"2025-03-01T12:00:00Z\"}]", StandardCharsets.UTF_8);
        Path err = tmp.newFile("err1.txt").toPath();
        Running first = startCli(err, "--port", "0", "--state-file", state.toString(), "--seed-file", seeds.toString(),
                "--seed-image", "us-east-1:ubuntu-base", "--account", KEY + "=999999999999", "--delay-ms", "10");
        String baked;
        try (Ec2Client ec2 = client(first.endpoint)) {
            Image seeded = ec2.describeImages(b -> b.owners("self").filters(f -> f.name("tag:ami_config_checksum").values("feed")))
                    .images().get(0);
            assertEquals("ours-1", seeded.name());
            assertEquals("2025-03-01T12:00:00.000Z", seeded.creationDate());
            assertEquals(1, ec2.describeImages(b -> b.owners("amazon").filters(f -> f.name("name").values("ubuntu-base"))).images().size());
            String instance = ec2.runInstances(b -> b.imageId(seeded.imageId()).minCount(1).maxCount(1)).instances().get(0).instanceId();
            Await.until("the instance runs (an image is made of a running or stopped instance)",
                    () -> ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0)
                            .state().name() == InstanceStateName.RUNNING);
            baked = ec2.createImage(b -> b.instanceId(instance).name("baked-by-cli-test")).imageId();
            ec2.terminateInstances(b -> b.instanceIds(instance));
        }
        first.process.destroy(); // SIGTERM: saves the state
        assertTrue(first.process.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals("stopped, as every command: 130 (not the JVM's 143)", 130, first.process.exitValue());
        assertTrue(Files.readString(state, StandardCharsets.UTF_8).contains(baked));

        Running second = startCli(tmp.newFile("err2.txt").toPath(), "--state-file", state.toString(), "--seed-file", seeds.toString(),
                "--seed-image", "us-east-1:ubuntu-base", "--account", KEY + "=999999999999", "--public-images",
                "--public-image", "us-east-1:ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20991231:099720109477");
        try (Ec2Client ec2 = client(second.endpoint)) {
            assertEquals("baked-by-cli-test", ec2.describeImages(b -> b.imageIds(baked)).images().get(0).name());
            // seeds are not doubled by the restart
            assertEquals(1, ec2.describeImages(b -> b.owners("self").filters(f -> f.name("name").values("ours-1"))).images().size());
            assertEquals(1, ec2.describeImages(b -> b.owners("amazon").filters(f -> f.name("name").values("ubuntu-base"))).images().size());
            // a newer base image published on the later start: the newest of the owner's public images
            Image newest = ec2.describeImages(b -> b.owners("099720109477").filters(f -> f.name("root-device-type")
                    .values("ebs"))).images().stream().max(java.util.Comparator.comparing(Image::creationDate)).orElseThrow();
            assertEquals("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20991231", newest.name());
            assertTrue(newest.publicLaunchPermissions());
        }
    }

    @Test
    public void badOptionsAreRefusedWithAMessageNamingThem() throws Exception {
        Path err = tmp.newFile("err.txt").toPath();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), BakeAmiCli.class.getName(), "emulator", "--seed-image", "no-colon"));
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        assertTrue(p.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals("bad input", 2, p.exitValue());
        String message = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(message, message.contains("--seed-image needs REGION:NAME[:OWNER], got: no-colon"));
    }
}
