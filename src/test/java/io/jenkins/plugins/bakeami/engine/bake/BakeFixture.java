package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.PackerTestEnvironment;
import static org.junit.Assume.assumeTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * A workspace with a small AMI definition (a Packer template and provisioning files) and an EC2 emulator that
 * real Packer builds against. Skips the test when packer is not installed (bin/setup installs it).
 */
final class BakeFixture extends ExternalResource {
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIABAKEFIXTURE00001";
    static final String SECRET_KEY = "bake-fixture-secret-Zq8u2";
    static final String ACCOUNT = "123456789012";

    final TemporaryFolder tmp = new TemporaryFolder();
    Ec2Emulator emulator;
    Path workspace;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void before() throws Throwable {
        assumeTrue("packer is not installed", PackerTestEnvironment.packerInstalled());
        tmp.create();
        workspace = tmp.newFolder("workspace").toPath();
        emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(200))).start();
        emulator.accounts().map(ACCESS_KEY, ACCOUNT);
    }

    @Override
    protected void after() {
        if (emulator != null) {
            emulator.close();
        }
        tmp.delete();
    }

    /** ami/packer.json plus ami/files/*, the seed's layout. */
    Path writeJsonDefinition(String provisionerCommand, String extraBuilderFields) throws IOException {
        Path ami = Files.createDirectories(workspace.resolve("ami"));
        write(ami.resolve("files/motd"), "Welcome to the baked image\n");
        write(ami.resolve("files/setup.sh"), "#!/bin/sh\necho configuring\n");
        write(ami.resolve("packer.json"), """
                {
                  "variables": {"aws_region": "", "config_checksum": "", "ec2_endpoint": ""},
                  "builders": [{
                    "type": "amazon-ebs",
                    "region": "{{user `aws_region`}}",
                    "source_ami": "%s",
                    "instance_type": "t3.micro",
                    "ami_name": "app-{{uuid}}",
                    "communicator": "none",
                    "custom_endpoint_ec2": "{{user `ec2_endpoint`}}",
                    "skip_credential_validation": true,
                    "skip_region_validation": true,
                    "skip_metadata_api_check": true,
                    "tags": {"Name": "app"}%s
                  }],
                  "provisioners": [{"type": "shell-local", "inline": ["%s"]}],
                  "post-processors": [{"type": "manifest", "output": ".manifest.json"}]
                }
                """.formatted(Ec2Emulator.BASE_IMAGE_ID, extraBuilderFields, provisionerCommand));
        return ami.resolve("packer.json");
    }

    Path writeHclDefinition() throws IOException {
        Path ami = Files.createDirectories(workspace.resolve("hcl"));
        write(ami.resolve("files/motd"), "HCL2 image\n");
        write(ami.resolve("app.pkr.hcl"), """
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
        return ami.resolve("app.pkr.hcl");
    }

    /** A request for the fixture's workspace, keys and endpoint; Packer polls fast. */
    BakeRequest.Builder request(String template) {
        return BakeRequest.builder(workspace.toString())
                .template(template)
                .region(REGION)
                .keys(new AwsKeys(ACCESS_KEY, SECRET_KEY, null))
                .endpoint(emulator.endpoint().toString())
                .environment(packerEnvironment())
                .gracePeriod(Duration.ofSeconds(60));
    }

    Bakery bakery() {
        return new Bakery(log::add, PackerTestEnvironment.fastEc2Limits());
    }

    Map<String, String> packerEnvironment() {
        return PackerTestEnvironment.forPacker(workspace.getParent());
    }

    String logText() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
