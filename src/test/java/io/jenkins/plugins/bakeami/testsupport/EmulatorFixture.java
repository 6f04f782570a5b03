package io.jenkins.plugins.bakeami.testsupport;

import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * What every test that bakes against the project's EC2 emulator starts from: a temporary folder holding a workspace,
 * an emulator on 127.0.0.1 whose clock the test can move forward, one account and its keys, the AMI definition in the
 * seed's layout pointed at the emulator, and the environment Packer runs with. The engine's ({@code BakeFixture}),
 * the Jenkins layer's ({@code CallableBakeFixture}) and the command line's ({@code CliFixture}) fixtures build on it.
 */
public class EmulatorFixture extends ExternalResource {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    public static final String ACCESS_KEY = "AKIAEMULATORFIXTURE1";
    public static final String SECRET_KEY = "emulator-fixture-secret-Zq8u2W9";
    /** Every lifecycle state lasts this long: Packer's waiters, polling every second, see it once or twice. */
    public static final Delays DELAYS = Delays.uniform(Duration.ofMillis(200));
    /**
     * For tests that launch and terminate instances themselves (no Packer): every state lasts a tick, except shutting
     * down, so a terminated instance is gone at once and "not terminated" never depends on timing.
     */
    public static final Delays TERMINATING_AT_ONCE = new Delays(Duration.ofMillis(50), Duration.ofMillis(50),
            Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(50));

    public final TemporaryFolder tmp = new TemporaryFolder();
    public final AdjustableClock clock = new AdjustableClock();
    /** The workspace, a real path (no symbolic link in it). */
    public Path workspace;
    public Ec2Emulator emulator;

    @Override
    protected void before() throws Throwable {
        tmp.create();
        workspace = tmp.newFolder("workspace").toPath().toRealPath();
        restartEmulator(builder -> { });
    }

    /** What a fixture sets on every emulator it starts, after the delays, clock and account (nothing here). */
    protected void configureEmulator(Ec2Emulator.Builder builder) {
    }

    @Override
    protected void after() {
        if (emulator != null) {
            emulator.close();
        }
        tmp.delete();
    }

    /**
     * Replaces the emulator with a fresh one (empty, on another port) built with the fixture's delays, clock, account
     * and {@link #configureEmulator settings}, plus {@code settings} (a call listener, other delays, ...).
     */
    public Ec2Emulator restartEmulator(Consumer<Ec2Emulator.Builder> settings) {
        if (emulator != null) {
            emulator.close();
        }
        Ec2Emulator.Builder builder = Ec2Emulator.builder().delays(DELAYS).clock(clock);
        configureEmulator(builder);
        settings.accept(builder);
        emulator = builder.start();
        emulator.accounts().map(ACCESS_KEY, ACCOUNT);
        return emulator;
    }

    /** The environment Packer runs with: {@link PackerTestEnvironment#forPacker} in the fixture's folder. */
    public Map<String, String> packerEnvironment() {
        return PackerTestEnvironment.forPacker(tmp.getRoot().toPath());
    }

    /**
     * The seed's layout in {@code dir} of the workspace: {@code packer.json} (the amazon-ebs builder pointed at the
     * emulator through the {@code ec2_endpoint} variable, communicator none, one shell-local provisioner running
     * {@code provisionerCommand}, the seed's manifest post-processor) beside {@code files/motd} and
     * {@code files/setup.sh}. {@code extraBuilderFields} goes into the builder, e.g. {@code ,\n"max_retries": 20}.
     */
    public Path writeDefinition(String dir, String provisionerCommand, String extraBuilderFields) throws IOException {
        Path ami = Files.createDirectories(workspace.resolve(dir));
        write(ami.resolve("files/motd"), "Welcome to the baked image\n");
        write(ami.resolve("files/setup.sh"), "#!/bin/sh\necho configuring\n");
        write(ami.resolve("packer.json"), packerJson(provisionerCommand, extraBuilderFields));
        return ami.resolve("packer.json");
    }

    /** The seed's {@code packer.json} of {@link #writeDefinition}, for tests that write it elsewhere (an agent). */
    public static String packerJson(String provisionerCommand, String extraBuilderFields) {
        return packerTemplate("\"communicator\": \"none\"" + extraBuilderFields,
                "{\"type\": \"shell-local\", \"inline\": [\"" + provisionerCommand + "\"]}");
    }

    /**
     * The seed's {@code packer.json} pointed at the emulator with the builder's communicator and any other builder
     * fields given as {@code builderFields} (e.g. {@code "communicator": "none"}) and one {@code provisioner} (a JSON
     * object).
     */
    public static String packerTemplate(String builderFields, String provisioner) {
        return """
                {
                  "variables": {"aws_region": "", "aws_subnet_id": "", "config_checksum": "", "ec2_endpoint": ""},
                  "builders": [{
                    "type": "amazon-ebs",
                    "region": "{{user `aws_region`}}",
                    "source_ami": "%s",
                    "instance_type": "t3.micro",
                    "ami_name": "app-{{uuid}}",
                    "custom_endpoint_ec2": "{{user `ec2_endpoint`}}",
                    "skip_credential_validation": true,
                    "skip_region_validation": true,
                    "skip_metadata_api_check": true,
                    "tags": {"Name": "app"},
                    %s
                  }],
                  "provisioners": [%s],
                  "post-processors": [{"type": "manifest", "output": ".manifest.json"}]
                }
                """.formatted(Ec2Emulator.BASE_IMAGE_ID, builderFields, provisioner);
    }

    /** An HCL2 definition in {@code hcl/} of the workspace: {@code app.pkr.hcl} beside {@code files/motd}. */
    public Path writeHclDefinition() throws IOException {
        Path hcl = Files.createDirectories(workspace.resolve("hcl"));
        write(hcl.resolve("files/motd"), "HCL2 image\n");
        write(hcl.resolve("app.pkr.hcl"), """
                variable "aws_region" { type = string }
                variable "config_checksum" { type = string }
                variable "ec2_endpoint" { type = string }

                source "amazon-ebs" "app" {
                  region                     = var.aws_region
                  source_ami                 = "%s"
                  instance_type              = "t3.micro"
                  ami_name                   = "hcl-${uuidv4()}"
                  communicator               = "none"
                  custom_endpoint_ec2        = var.ec2_endpoint
                  skip_credential_validation = true
                  skip_region_validation     = true
                  skip_metadata_api_check    = true
                }

                build {
                  sources = ["source.amazon-ebs.app"]
                  provisioner "shell-local" {
                    inline = ["echo provisioning hcl"]
                  }
                }
                """.formatted(Ec2Emulator.BASE_IMAGE_ID));
        return hcl.resolve("app.pkr.hcl");
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
