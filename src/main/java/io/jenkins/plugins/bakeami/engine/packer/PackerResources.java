package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The cloud resources Packer said it created during a run, read from its output: what a hard kill may have left
 * behind, for the caller to check and clean through EC2. Packer deletes the temporary ones itself when it exits
 * normally or after SIGTERM; an AMI it announced while waiting for the image to become available is not
 * recorded anywhere else when the run is stopped during that wait.
 *
 * @param instanceIds        source instances ({@code Instance ID: i-...})
 * @param keyPairNames       temporary key pairs ({@code Creating temporary keypair: NAME})
 * @param securityGroupNames temporary security groups by name ({@code Creating temporary security group for this
 *                           instance: NAME}); Packer 1.6.6 names, but does not print the id of, the group it creates
 * @param securityGroupIds   security group ids Packer reported it could not delete
 * @param amiIds             AMIs announced ({@code AMI: ami-...}) in the build region
 */
public record PackerResources(List<String> instanceIds, List<String> keyPairNames, List<String> securityGroupNames,
                              List<String> securityGroupIds, List<String> amiIds) implements Serializable {

    private static final long serialVersionUID = 1L;

    public PackerResources {
        instanceIds = List.copyOf(instanceIds);
        keyPairNames = List.copyOf(keyPairNames);
        securityGroupNames = List.copyOf(securityGroupNames);
        securityGroupIds = List.copyOf(securityGroupIds);
        amiIds = List.copyOf(amiIds);
    }

    public static PackerResources none() {
        return new PackerResources(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return instanceIds.isEmpty() && keyPairNames.isEmpty() && securityGroupNames.isEmpty()
                && securityGroupIds.isEmpty() && amiIds.isEmpty();
    }

    /** E.g. {@code instance i-1, key pair packer_x, AMI ami-2}; "none" when empty. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        instanceIds.forEach(id -> parts.add("instance " + id));
        keyPairNames.forEach(n -> parts.add("key pair " + n));
        securityGroupNames.forEach(n -> parts.add("security group " + n));
        securityGroupIds.forEach(id -> parts.add("security group " + id));
        amiIds.forEach(id -> parts.add("AMI " + id));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
