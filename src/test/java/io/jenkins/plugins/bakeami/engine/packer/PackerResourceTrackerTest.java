package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class PackerResourceTrackerTest {

    @Test
    public void readsWhatTheAmazonEbsBuilderAnnounces() {
        PackerResourceTracker tracker = new PackerResourceTracker();
        // ui texts of packer 1.6.6's amazon-ebs builder
        tracker.accept("==> amazon-ebs: Prevalidating AMI Name: app-1700000000");
        tracker.accept("    amazon-ebs: Found Image ID: ami-0source");
        tracker.accept("==> amazon-ebs: Creating temporary keypair: packer_5fd0a2b4-1c3d-7a4e-8f9a-0b1c2d3e4f50");
        tracker.accept("==> amazon-ebs: Creating temporary security group for this instance:"
                + " packer_5fd0a2b5-aaaa-bbbb-cccc-dddddddddddd");
        tracker.accept("==> amazon-ebs: Authorizing access to port 22 from [0.0.0.0/0] in the temporary security"
                + " groups...");
        tracker.accept("==> amazon-ebs: Launching a source AWS instance...");
        tracker.accept("    amazon-ebs: Instance ID: i-0abc123");
        tracker.accept("==> amazon-ebs: Waiting for instance (i-0abc123) to become ready...");
        tracker.accept("==> amazon-ebs: Creating AMI app-1700000000 from instance i-0abc123");
        tracker.accept("    amazon-ebs: AMI: ami-0new1");
        tracker.accept("==> amazon-ebs: Waiting for AMI to become ready...");
        tracker.accept("==> amazon-ebs: Error cleaning up security group. Please delete the group manually: sg-0dead");
        tracker.accept("--> amazon-ebs: AMIs were created:\nus-east-1: ami-0new1\n");

        PackerResources r = tracker.snapshot();
        assertEquals(List.of("i-0abc123"), r.instanceIds());
        assertEquals(List.of("packer_5fd0a2b4-1c3d-7a4e-8f9a-0b1c2d3e4f50"), r.keyPairNames());
        assertEquals(List.of("packer_5fd0a2b5-aaaa-bbbb-cccc-dddddddddddd"), r.securityGroupNames());
        assertEquals(List.of("sg-0dead"), r.securityGroupIds());
        assertEquals(List.of("ami-0new1"), r.amiIds());
        assertEquals("instance i-0abc123, key pair packer_5fd0a2b4-1c3d-7a4e-8f9a-0b1c2d3e4f50, security group"
                + " packer_5fd0a2b5-aaaa-bbbb-cccc-dddddddddddd, security group sg-0dead, AMI ami-0new1", r.describe());
    }

    @Test
    public void mentionsAreNotAnnouncements() {
        PackerResourceTracker tracker = new PackerResourceTracker();
        tracker.accept("    amazon-ebs: Found Image ID: ami-0source");
        tracker.accept("==> amazon-ebs: Using existing SSH private key");
        tracker.accept("    null: echo AMI:ami-x and i-123 and sg-1");
        assertTrue(tracker.snapshot().isEmpty());
        assertEquals("none", tracker.snapshot().describe());
    }
}
