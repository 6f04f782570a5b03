package io.jenkins.plugins.bakeami.tools.ec2;

/**
 * Where the emulated instances answer SSH: one real SSH server (for the tests, a local {@code sshd}) that stands
 * in for every instance the emulator runs, so that Packer's SSH communicator can log in and run remote
 * provisioners. Set with {@link Ec2Emulator.Builder#sshEndpoint(SshEndpoint)}; without one, instances have no
 * public address and nothing answers SSH (enough for {@code communicator: none}).
 *
 * <p>The emulator calls it as EC2 would act on a machine: at launch (RunInstances) and restart (StartInstances) the
 * instance gets {@link #address()} as its public IP and its key pair's public key is let in, as cloud-init writes it
 * into {@code authorized_keys}; at StopInstances and TerminateInstances the machine goes down: the key no longer
 * logs in and every process of the instance's SSH sessions ends. The calls are made while the emulator's state is
 * locked: keep them short.
 */
public interface SshEndpoint {
    /**
     * The address DescribeInstances reports as the instance's public IP ({@code ipAddress}), which Packer connects
     * to (its default {@code ssh_interface} in a VPC). EC2 has no port: the template names it ({@code ssh_port}).
     */
    String address();

    /**
     * The instance booted: from now on the key logs in, and what its sessions run belongs to this instance.
     *
     * @param publicKey the key pair's public key as an {@code authorized_keys} line ({@code ssh-rsa AAAA... NAME}),
     *     or null for an instance launched without a key pair (or with one whose public key the emulator never saw)
     */
    void boot(String instanceId, String publicKey);

    /** The instance stopped or was terminated: its key no longer logs in, and its sessions' processes end. */
    void shutDown(String instanceId);
}
