package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PackerArtifactsTest {

    private static List<String> amazonArtifact(String target, int index, String id) {
        String p = "1700000000," + target + ",artifact," + index + ",";
        return List.of(
                "1700000000," + target + ",artifact-count,1",
                p + "builder-id,mitchellh.amazonebs",
                p + "id," + id,
                p + "string,AMIs were created:\\n" + id.replace("%!(PACKER_COMMA)", "\\n") + "\\n",
                p + "files-count,0",
                p + "end",
                "1700000000,,ui,say,--> " + target + ": AMIs were created:");
    }

    @Test
    public void oneRegion() {
        List<PackerArtifact> artifacts =
                PackerArtifacts.parse(amazonArtifact("amazon-ebs", 0, "us-east-1:ami-0d8ebf1e938f7f16e"));
        assertEquals(1, artifacts.size());
        PackerArtifact a = artifacts.get(0);
        assertEquals("amazon-ebs", a.target());
        assertEquals(0, a.index());
        assertEquals("mitchellh.amazonebs", a.builderId());
        assertEquals("us-east-1:ami-0d8ebf1e938f7f16e", a.id());
        assertEquals("AMIs were created:\nus-east-1:ami-0d8ebf1e938f7f16e\n", a.description());
        assertTrue(a.fromAmazonBuilder());
        assertEquals(Map.of("us-east-1", "ami-0d8ebf1e938f7f16e"), a.amiIdsByRegion());
    }

    @Test
    public void severalRegionsInOneLineKeepTheirOrder() {
        List<PackerArtifact> artifacts = PackerArtifacts.parse(amazonArtifact("amazon-ebs", 0,
                "eu-west-1:ami-0000000000000000b%!(PACKER_COMMA)us-east-1:ami-1a%!(PACKER_COMMA)us-gov-west-1:ami-2c"));
        Map<String, String> amis = artifacts.get(0).amiIdsByRegion();
        assertEquals(List.of("eu-west-1", "us-east-1", "us-gov-west-1"), List.copyOf(amis.keySet()));
        assertEquals(List.of("ami-0000000000000000b", "ami-1a", "ami-2c"), List.copyOf(amis.values()));
    }

    @Test
    public void hcl2NamesAndMultipleBuilds() {
        PackerArtifacts collector = new PackerArtifacts();
        List<String> lines = new java.util.ArrayList<>();
        lines.addAll(amazonArtifact("amazon-ebs.app", 0, "us-east-1:ami-1"));
        lines.addAll(amazonArtifact("amazon-ebs.worker", 0, "us-east-1:ami-2%!(PACKER_COMMA)us-west-2:ami-3"));
        lines.addAll(List.of("1,null.one,artifact,0,builder-id,fnoeding.null", "1,null.one,artifact,0,id,Null",
                "1,null.one,artifact,0,end"));
        lines.forEach(l -> MachineReadableLine.parse(l).ifPresent(collector::accept));

        assertEquals(List.of("amazon-ebs.app", "amazon-ebs.worker", "null.one"),
                collector.all().stream().map(PackerArtifact::target).toList());
        Map<String, Map<String, String>> byTarget = collector.amiIdsByTarget();
        assertEquals(List.of("amazon-ebs.app", "amazon-ebs.worker"), List.copyOf(byTarget.keySet()));
        assertEquals(Map.of("us-east-1", "ami-1"), byTarget.get("amazon-ebs.app"));
        assertEquals(Map.of("us-east-1", "ami-2", "us-west-2", "ami-3"), byTarget.get("amazon-ebs.worker"));
        assertFalse(collector.all().get(2).isAmi());
    }

    @Test
    public void postProcessorPassingTheAmiOnIsMerged() {
        List<String> lines = new java.util.ArrayList<>(amazonArtifact("amazon-ebs", 0, "us-east-1:ami-1"));
        lines.addAll(amazonArtifact("amazon-ebs", 1, "us-east-1:ami-1"));
        PackerArtifacts collector = new PackerArtifacts();
        lines.forEach(l -> MachineReadableLine.parse(l).ifPresent(collector::accept));
        assertEquals(2, collector.all().size());
        assertEquals(Map.of("amazon-ebs", Map.of("us-east-1", "ami-1")), collector.amiIdsByTarget());
    }

    @Test
    public void fileBuilderArtifactListsFiles() {
        // as packer 1.6.6 prints the file builder's artifact
        List<PackerArtifact> artifacts = PackerArtifacts.parse(List.of(
                "1795459586,file,artifact-count,1",
                "1795459586,file,artifact,0,builder-id,packer.file",
                "1795459586,file,artifact,0,id,File",
                "1795459586,file,artifact,0,string,Stored file: out.txt",
                "1795459586,file,artifact,0,files-count,1",
                "1795459586,file,artifact,0,file,0,out.txt",
                "1795459586,file,artifact,0,end"));
        assertEquals(List.of("out.txt"), artifacts.get(0).files());
        assertFalse(artifacts.get(0).isAmi());
    }

    @Test
    public void artifactCutShortIsDropped() {
        List<PackerArtifact> artifacts = PackerArtifacts.parse(List.of(
                "1,amazon-ebs,artifact,0,builder-id,mitchellh.amazonebs",
                "1,amazon-ebs,artifact,0,id,us-east-1:ami-1"));
        assertEquals(List.of(), artifacts);
    }

    @Test
    public void idsThatAreNotAllAmisDoNotCount() {
        assertEquals(Map.of(), artifact("us-east-1:ami-1,Null").amiIdsByRegion());
        assertEquals(Map.of(), artifact("us-east-1:snap-1").amiIdsByRegion());
        assertEquals(Map.of(), artifact("ami-1").amiIdsByRegion());
        assertEquals(Map.of(), artifact("").amiIdsByRegion());
        assertEquals(Map.of(), artifact("not a region:ami-1").amiIdsByRegion());
        assertEquals(Map.of("cn-north-1", "ami-9"), artifact("cn-north-1:ami-9").amiIdsByRegion());
    }

    private static PackerArtifact artifact(String id) {
        return new PackerArtifact("amazon-ebs", 0, "mitchellh.amazonebs", id, "", List.of());
    }
}
