package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.packer.PackerDebugLog;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Packer 1.7 and newer: {@code packer init} (auto, always, never), the plugin directory, the GitHub token for init's
 * downloads, and the amazon plugin that Packer 1.10 no longer carries. Packer 1.6.6 is the only Packer installable
 * here, so these run against a STAND-IN: a shell script that says it is Packer 1.11.2, records every call (its
 * directory, arguments and the variables that matter) and answers as Packer would; its {@code build} reports an AMI
 * the test put into the emulator. Every other test runs the real packer 1.6.6.
 */
public class PackerPluginsTest {
    private static final String TOKEN = "ghp_standInToken0123456789abcdefABCDEF";

    @Rule
    public BakeFixture fx = new BakeFixture();

    private Path record;
    private Path standIn;
    private String seededAmi;

    @Before
    public void standInPacker() throws Exception {
        record = fx.tmp.newFolder("stand-in-record").toPath();
        standIn = fx.tmp.getRoot().toPath().resolve("bin/packer");
        BakeFixture.write(standIn, """
                #!/bin/sh
                # STAND-IN for Packer 1.11.2 (tests only): records each call, answers as Packer would.
                dir='%s'
                echo "$(pwd)|$*|PACKER_PLUGIN_PATH=${PACKER_PLUGIN_PATH-}|PACKER_GITHUB_API_TOKEN=${PACKER_GITHUB_API_TOKEN-}" >> "$dir/calls"
                if [ -n "${PACKER_LOG_PATH-}" ]; then echo "[DEBUG] $1 with token ${PACKER_GITHUB_API_TOKEN-none}" > "$PACKER_LOG_PATH"; fi
                case "$1" in
                  version) echo "Packer v1.11.2" ;;
                  plugins) if [ -f "$dir/installed" ]; then cat "$dir/installed"; fi ;;
                  init)
                    echo "Downloading github.com/hashicorp/amazon with token $PACKER_GITHUB_API_TOKEN"
                    echo "$PACKER_PLUGIN_PATH/github.com/hashicorp/amazon/packer-plugin-amazon_v1.3.3_x5.0_linux_amd64" > "$dir/installed"
                    echo "Installed plugin github.com/hashicorp/amazon v1.3.3" ;;
                  validate) echo "The configuration is valid." ;;
                  build)
                    t=$(date +%%s)
                    echo "$t,amazon-ebs.app,artifact,0,builder-id,mitchellh.amazonebs"
                    echo "$t,amazon-ebs.app,artifact,0,id,us-east-1:$(cat "$dir/ami")"
                    echo "$t,amazon-ebs.app,artifact,0,end" ;;
                esac
                """.formatted(record));
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        seededAmi = fx.emulator.seedImage(ImageSeed.named("built-by-the-stand-in").region(BakeFixture.REGION)
                .owner(BakeFixture.ACCOUNT));
        Files.writeString(record.resolve("ami"), seededAmi);
    }

    /** An HCL2 template; with {@code requiredPlugins} it declares the amazon plugin in required_plugins. */
    private String template(boolean requiredPlugins) throws Exception {
        String packerBlock = requiredPlugins ? """
                packer {
                  required_plugins {
                    amazon = {
                      version = ">= 1.3.0"
                      source  = "github.com/hashicorp/amazon"
                    }
                  }
                }
                """ : "";
        BakeFixture.write(fx.workspace.resolve("hcl/files/motd"), "HCL2 image\n");
        BakeFixture.write(fx.workspace.resolve("hcl/app.pkr.hcl"), packerBlock + """
                variable "aws_region" { type = string }
                variable "config_checksum" { type = string }
                source "amazon-ebs" "app" {
                  region = var.aws_region
                }
                build { sources = ["source.amazon-ebs.app"] }
                """);
        return "hcl/app.pkr.hcl";
    }

    private BakeRequest.Builder request(String template) {
        return fx.request(template).packerPath(standIn.toString());
    }

    /** Each recorded call: "directory|arguments|PACKER_PLUGIN_PATH=...|PACKER_GITHUB_API_TOKEN=...". */
    private List<String> calls() throws Exception {
        return Files.readAllLines(record.resolve("calls"), StandardCharsets.UTF_8);
    }

    private List<String> commands() throws Exception {
        return calls().stream().map(call -> call.split("\\|")[1].split(" ")[0]).collect(Collectors.toList());
    }

    @Test
    public void autoRunsInitInTheTemplatesDirectoryBeforeValidateWhenItDeclaresRequiredPlugins() throws Exception {
        BakeResult result = fx.bakery().bake(request(template(true)).pluginPath("plugin-cache").githubToken(TOKEN)
                .debug(true).amiIdFile("out/.ami_id.json").build());

        assertEquals(BakeOutcome.BAKED, result.outcome());
        assertEquals(seededAmi, result.amiId());
        assertEquals(List.of("version", "init", "plugins", "validate", "build"), commands());
        String plugins = "PACKER_PLUGIN_PATH=" + fx.workspace.resolve("plugin-cache");
        assertEquals(fx.workspace.resolve("hcl") + "|init app.pkr.hcl|" + plugins + "|PACKER_GITHUB_API_TOKEN=" + TOKEN,
                calls().get(1));
        // the token is for init's downloads only
        assertTrue(calls().get(3), calls().get(3).endsWith("|" + plugins + "|PACKER_GITHUB_API_TOKEN="));
        assertTrue(calls().get(4), calls().get(4).startsWith(fx.workspace.resolve("hcl") + "|build -machine-readable"));
        assertTrue(calls().get(4), calls().get(4).endsWith("|" + plugins + "|PACKER_GITHUB_API_TOKEN="));
        // never printed: masked in Packer's output and in its debug log
        String log = fx.logText();
        assertTrue(log, log.contains("packer init: the template declares required_plugins; PACKER_GITHUB_API_TOKEN is"
                + " set"));
        assertTrue(log, log.contains("Downloading github.com/hashicorp/amazon with token ****"));
        assertFalse(log, log.contains(TOKEN));
        String debugLog = Files.readString(PackerDebugLog.target(fx.workspace.resolve("out/.ami_id.json")));
        assertTrue(debugLog, debugLog.contains("# packer init (PACKER_LOG=1; secrets masked)\n[DEBUG] init with token"
                + " ****\n"));
        assertFalse(debugLog, debugLog.contains(TOKEN));
    }

    @Test
    public void autoWithoutRequiredPluginsRunsNoInitAndNeverRunsNone() throws Exception {
        Files.writeString(record.resolve("installed"), "/agent/plugins/github.com/hashicorp/amazon/packer-plugin-amazon\n");
        fx.bakery().bake(request(template(false)).build());
        assertEquals(List.of("version", "plugins", "validate", "build"), commands());

        Files.delete(record.resolve("calls"));
        fx.bakery().bake(request(template(true)).init("never").force(true).build());
        assertEquals(List.of("plugins", "validate", "build"), commands()); // the version is asked once per JVM
    }

    @Test
    public void alwaysRunsInitEvenWithoutRequiredPlugins() throws Exception {
        fx.bakery().bake(request(template(false)).init("always").build());
        assertEquals(List.of("version", "init", "plugins", "validate", "build"), commands());
        assertTrue(fx.logText(), fx.logText().contains("packer init: init is always"));
    }

    @Test
    public void packer110WithoutTheAmazonPluginFailsBeforeTheBuild() throws Exception {
        BakeException failed = assertThrows(BakeException.class,
                () -> fx.bakery().bake(request(template(false)).build()));
        assertEquals(List.of("version", "plugins"), commands());
        assertDocumented("Packer 1.10 or newer without the amazon plugin", failed.getMessage());
        assertTrue(failed.getMessage(), failed.getMessage().contains(
                "`packer plugins install github.com/hashicorp/amazon`"));
        assertEquals("only the probe's lookup", List.of("DescribeImages"), fx.emulator.callLog().actions());
    }

    @Test
    public void initAlwaysNeedsAnHcl2Template() throws Exception {
        fx.writeJsonDefinition("echo provisioning", "");
        BakeException failed = assertThrows(BakeException.class,
                () -> fx.bakery().bake(request("ami/packer.json").init("always").build()));
        assertDocumented("`init` always with a JSON template", failed.getMessage());
        assertEquals(List.of(), fx.emulator.callLog().actions());
    }

    /** The real packer 1.6.6 has no init. */
    @Test
    public void initAlwaysNeedsPacker17() throws Exception {
        BakeException failed = assertThrows(BakeException.class,
                () -> fx.bakery().bake(fx.request(fx.workspace.relativize(fx.writeHclDefinition()).toString())
                        .init("always").build()));
        assertDocumented("`init` always with a Packer older than 1.7", failed.getMessage());
        assertEquals(List.of(), fx.emulator.callLog().actions());
    }
}
