package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.List;

/** A security group with its ingress rules (egress is EC2's default: everything allowed). */
final class SecurityGroup extends Resource {
    String name;
    String description;
    String vpcId;
    final List<Rule> ingress = new ArrayList<>();

    SecurityGroup(String id, String ownerId) {
        super(id, ownerId);
    }

    /** One ingress permission: protocol, port range, one CIDR or one source group. */
    static final class Rule {
        final String protocol;
        final Integer fromPort;
        final Integer toPort;
        final String cidr;
        final String sourceGroupId;

        Rule(String protocol, Integer fromPort, Integer toPort, String cidr, String sourceGroupId) {
            this.protocol = protocol;
            this.fromPort = fromPort;
            this.toPort = toPort;
            this.cidr = cidr;
            this.sourceGroupId = sourceGroupId;
        }

        boolean sameAs(Rule o) {
            return protocol.equals(o.protocol) && java.util.Objects.equals(fromPort, o.fromPort)
                    && java.util.Objects.equals(toPort, o.toPort) && java.util.Objects.equals(cidr, o.cidr)
                    && java.util.Objects.equals(sourceGroupId, o.sourceGroupId);
        }
    }
}
