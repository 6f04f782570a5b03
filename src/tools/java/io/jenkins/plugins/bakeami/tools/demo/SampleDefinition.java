package io.jenkins.plugins.bakeami.tools.demo;

import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The demo's AMI definition, in the ami-bakery layout: a Packer JSON template that declares the seed's variables
 * ({@code aws_region}, {@code aws_subnet_id}, {@code config_checksum}) plus {@code ec2_endpoint}, and the files the
 * image is made of. With {@code communicator: none} nothing is uploaded; the {@code shell-local} provisioner runs
 * {@code scripts/setup.sh} on this machine, as a stand-in for real provisioning.
 */
public final class SampleDefinition {
    /** The definition directory, relative to the demo directory; its files are what the checksum covers. */
    public static final String DIRECTORY = "ami";
    public static final String TEMPLATE = DIRECTORY + "/packer.json";
    public static final String MOTD = DIRECTORY + "/files/motd";
    public static final String SETUP_SCRIPT = DIRECTORY + "/scripts/setup.sh";

    private static final String TEMPLATE_TEXT = """
            {
              "variables": {
                "aws_region": "",
                "aws_subnet_id": "",
                "config_checksum": "",
                "ec2_endpoint": ""
              },
              "builders": [{
                "type": "amazon-ebs",
                "region": "{{user `aws_region`}}",
                "subnet_id": "{{user `aws_subnet_id`}}",
                "source_ami_filter": {
                  "filters": {"name": "%s", "root-device-type": "ebs"},
                  "owners": ["amazon"],
                  "most_recent": true
                },
                "instance_type": "t3.micro",
                "ami_name": "bake-ami-demo-{{timestamp}}",
                "communicator": "none",
                "custom_endpoint_ec2": "{{user `ec2_endpoint`}}",
                "skip_credential_validation": true,
                "skip_region_validation": true,
                "skip_metadata_api_check": true,
                "tags": {
                  "Name": "bake-ami-demo",
                  "ami_config_checksum": "{{user `config_checksum`}}"
                }
              }],
              "provisioners": [{"type": "shell-local", "script": "scripts/setup.sh"}],
              "post-processors": [{"type": "manifest", "output": ".manifest.json"}]
            }
            """.formatted(Ec2Emulator.BASE_IMAGE_NAME);

    private static final String MOTD_TEXT = "Welcome to an image baked by bake-ami.\n";

    private static final String SETUP_TEXT = """
            #!/bin/sh
            # Provisioning stand-in: shell-local runs this on the build machine (communicator none uploads nothing).
            set -e
            echo "setup: the image greets its users with:"
            sed 's/^/setup:   /' files/motd
            """;

    private SampleDefinition() {}

    /** Writes the definition into {@code directory}; returns the files written, relative to it. */
    public static List<String> write(Path directory) throws IOException {
        write(directory.resolve(TEMPLATE), TEMPLATE_TEXT);
        write(directory.resolve(MOTD), MOTD_TEXT);
        Path setup = write(directory.resolve(SETUP_SCRIPT), SETUP_TEXT);
        try {
            Files.setPosixFilePermissions(setup, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: shell-local runs the script through /bin/sh anyway
        }
        return List.of(TEMPLATE, MOTD, SETUP_SCRIPT);
    }

    /** The demo's one change: a new line in the message of the day, so the checksum and the next bake change. */
    public static String changeMotd(Path directory) throws IOException {
        String line = "Now with a second line: the definition changed, so the AMI is baked again.\n";
        Files.writeString(directory.resolve(MOTD), line, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        return line.strip();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
