package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The source image, copy regions and copy encryption read from JSON, HCL2 and HCL2-JSON templates. */
public class AmazonEbsSettingsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String LEGACY = """
            {
              "variables": {"os": "debian", "arch": "x86_64", "regions": "us-west-2,eu-west-1", "owner": "{{env `BASE_OWNER`}}"},
              "builders": [{
                "type": "amazon-ebs",
                "region": "us-east-1",
                "source_ami_filter": {
                  "filters": {"name": "{{user `os`}}-*-{{ user `arch` }}", "virtualization-type": "hvm"},
                  "owners": ["{{user `owner`}}", "amazon"],
                  "most_recent": true
                },
                "ami_regions": "{{user `regions`}}",
                "encrypt_boot": "true",
                "region_kms_key_ids": {"us-west-2": "alias/west"},
                "ami_name": "app-{{timestamp}}"
              }]
            }
            """;

    private static final String HCL = """
            variable "os" {
              type    = string
              default = "debian"
            }
            variable "regions" {
              type    = list(string)
              default = ["us-west-2"]
            }
            variable "owners" { default = ["amazon"] }
            locals { stamp = timestamp() }

            source "amazon-ebs" "app" {
              region = "us-east-1"
              source_ami_filter {
                filters = {
                  name                  = "${var.os}-*"
                  "virtualization-type" = "hvm"
                  root-device-type      = "ebs"
                }
                owners      = var.owners
                most_recent = true
              }
              ami_regions = var.regions
              ami_name    = "app-${local.stamp}"
            }

            source "amazon-ebs" "unused" {
              source_ami = "ami-0000000000000dead"
            }

            build {
              sources = ["source.amazon-ebs.app"]
            }
            """;

    private Path write(String name, String text) throws IOException {
        Path file = tmp.getRoot().toPath().resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static AmazonEbsSettings read(Path template, Map<String, String> vars, List<Path> varFiles,
            Map<String, String> environment, List<String> only) throws PackerException {
        return AmazonEbsSettings.read(PackerTemplate.load(template),
                new AmazonEbsSettings.Inputs(vars, varFiles, environment, Map.of("config_checksum", "the checksum"),
                        only));
    }

    private static AmazonEbsSettings read(Path template) throws PackerException {
        return read(template, Map.of(), List.of(), Map.of(), List.of());
    }

    @Test
    public void legacyJsonFilterWithUserVariablesAndEnv() throws Exception {
        Path template = write("ami/packer.json", LEGACY);
        AmazonEbsSettings settings = read(template, Map.of(), List.of(), Map.of("BASE_OWNER", "099720109477"),
                List.of());
        assertEquals(List.of("amazon-ebs"), settings.builderNames());
        assertEquals(new SourceImageQuery(null, Map.of("name", "debian-*-x86_64", "virtualization-type", "hvm"),
                List.of("099720109477", "amazon"), true), settings.sourceImage());
        assertEquals("a string is split at commas, as Packer decodes it", List.of("us-west-2", "eu-west-1"),
                settings.amiRegions());
        assertEquals(new AmazonEbsSettings.CopyEncryption(true, "alias/west"), settings.copyEncryption("us-west-2"));
        assertEquals(new AmazonEbsSettings.CopyEncryption(true, null), settings.copyEncryption("eu-west-1"));
    }

    @Test
    public void legacyJsonVarFileThenVarWin() throws Exception {
        Path template = write("ami/packer.json", LEGACY);
        Path varFile = write("vars/os.json", "{\"os\": \"ubuntu\", \"arch\": \"arm64\"}");
        AmazonEbsSettings settings = read(template, Map.of("arch", "i386"), List.of(varFile), Map.of(), List.of());
        assertEquals(Map.of("name", "ubuntu-*-i386", "virtualization-type", "hvm"), settings.sourceImage().filters());
        assertEquals("an unset env is empty, as in Packer", List.of("", "amazon"), settings.sourceImage().owners());
    }

    @Test
    public void hclFilterWithVarReferencesDefaultsVarFilesEnvironmentAndVars() throws Exception {
        Path template = write("hcl/app.pkr.hcl", HCL);
        AmazonEbsSettings settings = read(template);
        assertEquals("only the source a build uses", List.of("amazon-ebs.app"), settings.builderNames());
        assertEquals(new SourceImageQuery(null, Map.of("name", "debian-*", "virtualization-type", "hvm",
                "root-device-type", "ebs"), List.of("amazon"), true), settings.sourceImage());
        assertEquals(List.of("us-west-2"), settings.amiRegions());

        Path varFile = write("hcl/vars.pkrvars.hcl", "os = \"ubuntu\"\nregions = [\"eu-west-1\", \"ap-south-1\"]\n");
        settings = read(template, Map.of(), List.of(varFile), Map.of("PKR_VAR_os", "alpine"), List.of());
        assertEquals("a var file wins over PKR_VAR_", "ubuntu-*", settings.sourceImage().filters().get("name"));
        assertEquals(List.of("eu-west-1", "ap-south-1"), settings.amiRegions());

        settings = read(template, Map.of("os", "fedora", "regions", "[\"sa-east-1\"]"), List.of(varFile), Map.of(),
                List.of());
        assertEquals("-var wins", "fedora-*", settings.sourceImage().filters().get("name"));
        assertEquals("a -var of a list type is read as HCL", List.of("sa-east-1"), settings.amiRegions());

        settings = read(template, Map.of(), List.of(), Map.of("PKR_VAR_os", "alpine"), List.of());
        assertEquals("alpine-*", settings.sourceImage().filters().get("name"));
    }

    @Test
    public void hclJsonFileIsReadLikeHcl() throws Exception {
        Path template = write("hcljson/app.pkr.json", """
                {
                  "variable": {"os": {"default": "debian"}, "regions": {"type": "list(string)", "default": ["us-west-2"]}},
                  "source": {"amazon-ebs": {"app": {
                    "source_ami_filter": {"filters": {"name": "${var.os}-*"}, "owners": ["amazon"], "most_recent": true},
                    "ami_regions": "${var.regions}"
                  }}},
                  "build": {"sources": ["source.amazon-ebs.app"]}
                }
                """);
        AmazonEbsSettings settings = read(template, Map.of("os", "ubuntu"), List.of(), Map.of(), List.of());
        assertEquals(new SourceImageQuery(null, Map.of("name", "ubuntu-*"), List.of("amazon"), true),
                settings.sourceImage());
        assertEquals("a lone interpolation keeps the list", List.of("us-west-2"), settings.amiRegions());
    }

    @Test
    public void aFixedSourceAmiNeedsNoLookup() throws Exception {
        Path template = write("ami/packer.json", """
                {"variables": {"base": "ami-0123456789abcdef0"},
                 "builders": [{"type": "amazon-ebs", "source_ami": "{{user `base`}}"}, {"type": "docker"}]}
                """);
        SourceImageQuery query = read(template).sourceImage();
        assertEquals("ami-0123456789abcdef0", query.sourceAmi());
        assertTrue(query.isFixed());
        assertEquals(List.of(), read(template).amiRegions());
        assertEquals(new AmazonEbsSettings.CopyEncryption(false, null), read(template).copyEncryption("us-west-2"));
    }

    @Test
    public void whatOnlyPackerCanEvaluateIsNamedWithWhereItStands() throws Exception {
        Path hcl = write("hcl/app.pkr.hcl", HCL.replace("owners      = var.owners", "owners      = [local.owner]"));
        UnevaluableException e = assertThrows(UnevaluableException.class, () -> read(hcl).sourceImage());
        assertEquals("source_ami_filter.owners of amazon-ebs.app: `local.owner` (a local value)", e.getMessage());

        Path hcl2 = write("hcl2/app.pkr.hcl", HCL.replace("\"${var.os}-*\"", "\"${lower(var.os)}-*\""));
        e = assertThrows(UnevaluableException.class, () -> read(hcl2).sourceImage());
        assertEquals("source_ami_filter.filters.name of amazon-ebs.app: `lower(var.os)` (a function call)",
                e.getMessage());

        Path legacy = write("ami/packer.json", LEGACY.replace("{{user `os`}}", "{{isotime `2006`}}"));
        e = assertThrows(UnevaluableException.class, () -> read(legacy).sourceImage());
        assertEquals("source_ami_filter.filters.name of amazon-ebs: `{{isotime `2006`}}` (a Packer template"
                + " function)", e.getMessage());

        Path checksum = write("sum/packer.json", """
                {"variables": {"config_checksum": ""},
                 "builders": [{"type": "amazon-ebs", "source_ami": "{{user `config_checksum`}}"}]}
                """);
        e = assertThrows(UnevaluableException.class, () -> read(checksum).sourceImage());
        assertEquals("source_ami of amazon-ebs: `{{user `config_checksum`}}` (the checksum)", e.getMessage());

        Path undeclared = write("und/packer.json", """
                {"builders": [{"type": "amazon-ebs", "source_ami": "{{user `base`}}"}]}
                """);
        e = assertThrows(UnevaluableException.class, () -> read(undeclared).sourceImage());
        assertEquals("source_ami of amazon-ebs: `{{user `base`}}` (a variable the template does not declare)",
                e.getMessage());
    }

    @Test
    public void twoBuildersWithDifferentSourcesAreUnevaluableUnlessOnlyPicksOne() throws Exception {
        Path template = write("two/packer.json", """
                {"builders": [
                  {"type": "amazon-ebs", "name": "a", "source_ami": "ami-0000000000000000a"},
                  {"type": "amazon-ebs", "name": "b", "source_ami": "ami-0000000000000000b"}]}
                """);
        UnevaluableException e = assertThrows(UnevaluableException.class, () -> read(template).sourceImage());
        assertEquals("builders a, b have different source images: run one of them (only)", e.getMessage());
        assertEquals("ami-0000000000000000b",
                read(template, Map.of(), List.of(), Map.of(), List.of("b")).sourceImage().sourceAmi());
        e = assertThrows(UnevaluableException.class,
                () -> read(template, Map.of(), List.of(), Map.of(), List.of("docker")).sourceImage());
        assertEquals("the template has no amazon-ebs builder that this bake runs", e.getMessage());
    }

    @Test
    public void launchPermissionsThatACopyWouldMissAreNamed() throws Exception {
        Path template = write("perm/packer.json", """
                {"variables": {"users": ""},
                 "builders": [{"type": "amazon-ebs", "source_ami": "ami-0000000000000000a",
                   "ami_users": "{{user `users`}}", "snapshot_groups": ["all"]}]}
                """);
        assertEquals(List.of("snapshot_groups"), read(template).launchPermissions());
        assertEquals(List.of("ami_users", "snapshot_groups"),
                read(template, Map.of("users", "111122223333"), List.of(), Map.of(), List.of()).launchPermissions());
    }

    @Test
    public void hclStringsReadTheirEscapesAndLiteralDollars() throws Exception {
        Path template = write("esc/app.pkr.hcl", """
                source "amazon-ebs" "app" {
                  source_ami_filter {
                    filters = { name = "a\\"b $${literal} \\u00e9" }
                    owners = ["self"]
                  }
                }
                build { sources = ["source.amazon-ebs.app"] }
                """);
        assertEquals("a\"b ${literal} \u00e9", read(template).sourceImage().filters().get("name"));
    }
}
