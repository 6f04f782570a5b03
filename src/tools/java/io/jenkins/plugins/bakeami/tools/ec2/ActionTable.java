package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Every EC2 action the emulator answers, by name: what the AMI registry, retention and the sweep call, and what
 * Packer's amazon-ebs builder calls for a build with {@code communicator: none} (including ami_regions,
 * force_deregister, ami_users, snapshot_users, encrypt_boot, ena_support). Anything else is answered with
 * {@code InvalidAction}.
 */
final class ActionTable {
    private ActionTable() {}

    static Map<String, Action> standard(Accounts accounts) {
        Map<String, Action> actions = new HashMap<>();
        new ImageActions(accounts).register(actions);
        ImageCreationActions.register(actions);
        new SnapshotActions(accounts).register(actions);
        TagActions.register(actions);
        LaunchActions.register(actions);
        LaunchTemplateActions.register(actions);
        InstanceActions.register(actions);
        VolumeActions.register(actions);
        SecurityGroupActions.register(actions);
        KeyPairActions.register(actions);
        NetworkActions.register(actions);
        return Collections.unmodifiableMap(actions);
    }
}
