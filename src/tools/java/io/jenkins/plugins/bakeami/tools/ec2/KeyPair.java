package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;

/**
 * A key pair. Its private key is returned once by CreateKeyPair and never kept, as in EC2; its public key
 * ({@code ssh-rsa ... NAME}) is what an instance launched with it lets log in.
 */
final class KeyPair extends Resource {
    final String name;
    String fingerprint;
    String keyType = "rsa";
    Instant createTime;
    /** Null for a key pair from an older state file. */
    String publicKey;

    KeyPair(String id, String ownerId, String name) {
        super(id, ownerId);
        this.name = name;
    }
}
