package io.jenkins.plugins.bakeami.tools.ec2;

/** What every emulated EC2 resource has: an id, the account that owns it, and tags. */
abstract class Resource {
    final String id;
    final String ownerId;
    final Tags tags = new Tags();

    Resource(String id, String ownerId) {
        this.id = id;
        this.ownerId = ownerId;
    }

    String id() {
        return id;
    }
}
