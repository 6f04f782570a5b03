package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.SECRET_KEY;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.tools.ec2.LeakReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code debug} (Packer's PACKER_LOG=1 log, masked, kept beside the AMI id file) and {@code onError abort} (Packer
 * leaves its builder; the failure says what and how to remove it), with the real packer against the emulator.
 */
public class BakeDebugTest {
    @Rule
    public BakeFixture fx = new BakeFixture();

    private Path debugLog() {
        return fx.workspace.resolve("out/.bake-ami/packer-debug.log");
    }

    /** The provisioner prints the secret key (Packer gives shell-local its own environment): Packer logs it. */
    @Test
    public void theDebugLogIsKeptBesideTheAmiIdFileWithTheSecretsMasked() throws Exception {
        fx.writeJsonDefinition("echo the key is $AWS_SECRET_ACCESS_KEY", "");
        BakeResult result = fx.bakery().bake(fx.request("ami/packer.json").debug(true).amiIdFile("out/.ami_id.json")
                .build());
        assertEquals(BakeOutcome.BAKED, result.outcome());
        String log = Files.readString(debugLog(), StandardCharsets.UTF_8);
        assertTrue(log, log.startsWith("# packer validate (PACKER_LOG=1; secrets masked)\n"));
        assertTrue(log, log.contains("\n# packer build (PACKER_LOG=1; secrets masked)\n"));
        assertTrue(log, log.contains("[INFO] Packer version: 1.6.6"));
        assertTrue(log, log.contains("the key is ****"));
        assertFalse(log, log.contains(SECRET_KEY));
        assertTrue(fx.logText(), fx.logText().contains("Packer's debug log (PACKER_LOG=1, secrets masked): "
                + debugLog()));
        // Packer's own output stayed readable: the machine-readable lines gave the AMI
        assertTrue(fx.logText(), fx.logText().contains("the key is ****"));
        assertFalse(fx.logText(), fx.logText().contains(SECRET_KEY));

        // the next bake starts without it (and, without debug, writes none)
        fx.bakery().bake(fx.request("ami/packer.json").amiIdFile("out/.ami_id.json").build());
        assertFalse(Files.exists(debugLog()));
    }

    @Test
    public void onErrorAbortLeavesTheBuilderAndSaysHowToRemoveIt() throws Exception {
        fx.writeJsonDefinition("exit 3", "");
        BakeException failed = assertThrows(BakeException.class, () -> fx.bakery().bake(fx.request("ami/packer.json")
                .onError("abort").debug(true).amiIdFile("out/.ami_id.json").build()));
        assertTrue(fx.logText(), fx.logText().contains(" build -machine-readable -color=false -on-error=abort "));
        String message = failed.getMessage();
        assertTrue(message, message.startsWith("packer build of "));
        Matcher left = Pattern.compile("With -on-error=abort Packer left, for inspection, in us-east-1: instance"
                + " (i-[0-9a-f]+), key pair (packer_[0-9a-f-]+), security group (packer_[0-9a-f-]+)\\. Remove them when"
                + " done").matcher(message);
        assertTrue(message, left.find());
        String instance = left.group(1);
        String keyPair = left.group(2);
        String group = left.group(3);
        assertTrue(message, message.contains("aws ec2 terminate-instances --region us-east-1 --instance-ids "
                + instance + "; aws ec2 delete-key-pair --region us-east-1 --key-name " + keyPair + "; "));
        assertTrue(message, message.contains("`bake-ami sweep --region us-east-1 --older-than DURATION --delete`"));
        // exactly that was left, running
        LeakReport leaks = fx.emulator.leakReport();
        assertEquals(List.of(instance), leaks.leaks("instance").stream().map(LeakReport.Leak::id).toList());
        assertEquals("running", leaks.leaks("instance").get(0).detail());
        assertEquals(List.of(keyPair), leaks.leaks("key-pair").stream().map(LeakReport.Leak::id).toList());
        assertEquals(List.of(group), leaks.leaks("security-group").stream().map(LeakReport.Leak::detail).toList());
        // and the debug log of the failed build is kept too
        assertTrue(Files.readString(debugLog()).contains("# packer build (PACKER_LOG=1; secrets masked)"));

        // the removal the message describes, done through the SDK: nothing is left
        try (Ec2Client ec2 = Ec2Clients.open(new Ec2Target(REGION, fx.emulator.endpoint(),
                new AwsKeys(BakeFixture.ACCESS_KEY, SECRET_KEY, null)))) {
            ec2.terminateInstances(r -> r.instanceIds(instance));
            ec2.waiter().waitUntilInstanceTerminated(r -> r.instanceIds(instance));
            ec2.deleteKeyPair(r -> r.keyName(keyPair));
            String groupId = ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values(group)))
                    .securityGroups().get(0).groupId();
            ec2.deleteSecurityGroup(r -> r.groupId(groupId));
        }
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }
}
