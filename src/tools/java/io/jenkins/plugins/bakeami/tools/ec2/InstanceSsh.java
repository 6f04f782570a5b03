package io.jenkins.plugins.bakeami.tools.ec2;

/**
 * What starting and stopping an instance does on the emulator's {@link SshEndpoint}, if it has one: a public IP and
 * the key pair's key while the instance is up, neither once it is going down.
 */
final class InstanceSsh {
    private InstanceSsh() {}

    /** RunInstances and StartInstances: the instance is booting. */
    static void boot(Request r, Instance i) {
        SshEndpoint endpoint = r.state.sshEndpoint;
        if (endpoint == null) {
            return;
        }
        KeyPair key = i.keyName == null ? null : r.here().keyPair(i.ownerId, i.keyName);
        i.publicIpAddress = endpoint.address();
        endpoint.boot(i.id, key == null ? null : key.publicKey);
    }

    /** StopInstances and TerminateInstances: the machine goes down and gives its public IP back. */
    static void shutDown(Request r, Instance i) {
        SshEndpoint endpoint = r.state.sshEndpoint;
        if (endpoint == null) {
            return;
        }
        i.publicIpAddress = null;
        endpoint.shutDown(i.id);
    }
}
