package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;

/** A key pair. Its private key is returned once by CreateKeyPair and never kept, as in EC2. */
final class KeyPair extends Resource {
    final String name;
    String fingerprint;
    String keyType = "rsa";
    Instant createTime;

    KeyPair(String id, String ownerId, String name) {
        super(id, ownerId);
        this.name = name;
    }
}
