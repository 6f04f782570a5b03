package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CreateSecurityGroup, DescribeSecurityGroups, AuthorizeSecurityGroupIngress, DeleteSecurityGroup. */
final class SecurityGroupActions {
    private static final FilterFields<SecurityGroup> FILTERS = new FilterFields<SecurityGroup>(g -> g.tags)
            .field("group-id", g -> g.id)
            .field("group-name", g -> g.name)
            .field("description", g -> g.description)
            .field("vpc-id", g -> g.vpcId)
            .field("owner-id", g -> g.ownerId);

    private SecurityGroupActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("CreateSecurityGroup", SecurityGroupActions::createSecurityGroup);
        actions.put("DescribeSecurityGroups", SecurityGroupActions::describeSecurityGroups);
        actions.put("AuthorizeSecurityGroupIngress", SecurityGroupActions::authorizeIngress);
        actions.put("DeleteSecurityGroup", SecurityGroupActions::deleteSecurityGroup);
    }

    static SecurityGroup byName(RegionState region, String owner, String name, String vpcId) {
        for (SecurityGroup g : region.securityGroups.values()) {
            if (g.ownerId.equals(owner) && g.name.equals(name) && (vpcId == null || g.vpcId.equals(vpcId))) {
                return g;
            }
        }
        return null;
    }

    private static Ec2Error notFound(String idOrName) {
        return Ec2Error.of("InvalidGroup.NotFound", "The security group '" + idOrName + "' does not exist");
    }

    /** The group a request names by {@code GroupId} or {@code GroupName} (default VPC). */
    private static SecurityGroup named(Request r) {
        RegionState region = r.here();
        String id = r.params.get("GroupId");
        if (id != null && !id.isEmpty()) {
            if (!Ids.wellFormed(id, "sg")) {
                throw Ec2Error.of("InvalidGroupId.Malformed", "Invalid id: \"" + id + "\"");
            }
            SecurityGroup g = region.securityGroups.get(id);
            if (g == null || !g.ownerId.equals(r.account)) {
                throw notFound(id);
            }
            return g;
        }
        String name = r.params.get("GroupName");
        if (name == null || name.isEmpty()) {
            throw Ec2Error.missingParameter("GroupId");
        }
        SecurityGroup g = byName(region, r.account, name, region.vpc.id);
        if (g == null) {
            throw Ec2Error.of("InvalidGroup.NotFound", "The security group '" + name + "' does not exist in default VPC '"
                    + region.vpc.id + "'");
        }
        return g;
    }

    static void createSecurityGroup(Request r, XmlWriter xml) {
        RegionState region = r.here();
        String name = r.params.required("GroupName");
        String description = r.params.required("GroupDescription");
        String vpcId = r.params.get("VpcId");
        r.checkTagSpecificationTypes("security-group");
        if (vpcId == null || vpcId.isEmpty()) {
            vpcId = region.vpc.id;
        } else if (!region.vpc.id.equals(vpcId)) {
            throw Ec2Error.of("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
        }
        if (name.length() > 255 || name.startsWith("sg-")) {
            throw Ec2Error.invalidParameterValue("Invalid security group name: " + name);
        }
        if ("default".equals(name)) {
            throw Ec2Error.of("InvalidGroup.Reserved", "The security group 'default' is reserved");
        }
        if (byName(region, r.account, name, vpcId) != null) {
            throw Ec2Error.of("InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
        }
        SecurityGroup g = new SecurityGroup(r.newId("sg"), r.account);
        g.name = name;
        g.description = description;
        g.vpcId = vpcId;
        region.securityGroups.put(g.id, g);
        r.applyTagSpecifications("security-group", List.of(g));
        xml.element("return", true);
        xml.element("groupId", g.id);
        g.tags.writeTagSet(xml, r.account);
    }

    static void describeSecurityGroups(Request r, XmlWriter xml) {
        RegionState region = r.here();
        List<String> ids = r.params.list("GroupId");
        List<String> names = r.params.list("GroupName");
        Filters wanted = Filters.parse(r.params).checkedAgainst(FILTERS);
        for (String id : ids) {
            SecurityGroup g = region.securityGroups.get(id);
            if (g == null || !g.ownerId.equals(r.account)) {
                throw notFound(id);
            }
        }
        for (String name : names) {
            if (byName(region, r.account, name, region.vpc.id) == null) {
                throw Ec2Error.of("InvalidGroup.NotFound", "The security group '" + name + "' does not exist in default VPC '"
                        + region.vpc.id + "'");
            }
        }
        List<SecurityGroup> matching = new ArrayList<>();
        for (SecurityGroup g : region.securityGroups.values()) {
            if (!g.ownerId.equals(r.account)) {
                continue;
            }
            if ((!ids.isEmpty() || !names.isEmpty()) && !ids.contains(g.id) && !names.contains(g.name)) {
                continue;
            }
            if (wanted.matches(g, FILTERS, r.account)) {
                matching.add(g);
            }
        }
        Pages.Page<SecurityGroup> page = Pages.page(matching, SecurityGroup::id, r.params, "DescribeSecurityGroups",
                Pages.SECURITY_GROUPS);
        xml.start("securityGroupInfo");
        for (SecurityGroup g : page.items) {
            xml.start("item");
            xml.element("ownerId", g.ownerId);
            xml.element("groupId", g.id);
            xml.element("groupName", g.name);
            xml.element("groupDescription", g.description);
            xml.element("vpcId", g.vpcId);
            xml.start("ipPermissions");
            for (SecurityGroup.Rule rule : g.ingress) {
                xml.start("item").element("ipProtocol", rule.protocol).element("fromPort", rule.fromPort)
                        .element("toPort", rule.toPort);
                xml.start("groups");
                if (rule.sourceGroupId != null) {
                    xml.start("item").element("userId", g.ownerId).element("groupId", rule.sourceGroupId).end();
                }
                xml.end();
                xml.start("ipRanges");
                if (rule.cidr != null) {
                    xml.start("item").element("cidrIp", rule.cidr).end();
                }
                xml.end();
                xml.start("ipv6Ranges").end().start("prefixListIds").end();
                xml.end();
            }
            xml.end();
            xml.start("ipPermissionsEgress").start("item").element("ipProtocol", "-1").start("groups").end()
                    .start("ipRanges").start("item").element("cidrIp", "0.0.0.0/0").end().end()
                    .start("ipv6Ranges").end().start("prefixListIds").end().end().end();
            g.tags.writeTagSet(xml, r.account);
            xml.element("securityGroupArn", "arn:aws:ec2:" + region.name + ":" + g.ownerId + ":security-group/" + g.id);
            xml.end();
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
    }

    static void authorizeIngress(Request r, XmlWriter xml) {
        SecurityGroup g = named(r);
        List<SecurityGroup.Rule> rules = new ArrayList<>();
        QueryParams p = r.params;
        if (p.has("IpProtocol")) {
            String source = p.get("SourceSecurityGroupName");
            String sourceId = null;
            if (source != null && !source.isEmpty()) {
                SecurityGroup s = byName(r.here(), r.account, source, g.vpcId);
                if (s == null) {
                    throw notFound(source);
                }
                sourceId = s.id;
            }
            String cidr = p.get("CidrIp");
            rules.add(rule(p.get("IpProtocol"), p.integer("FromPort"), p.integer("ToPort"), cidr == null && sourceId == null ? "0.0.0.0/0" : cidr, sourceId));
        }
        for (QueryParams perm : p.members("IpPermissions")) {
            String protocol = perm.required("IpProtocol");
            for (QueryParams range : perm.members("IpRanges")) {
                rules.add(rule(protocol, perm.integer("FromPort"), perm.integer("ToPort"), range.required("CidrIp"), null));
            }
            for (QueryParams pair : perm.members("Groups")) {
                String sourceId = pair.required("GroupId");
                if (!r.here().securityGroups.containsKey(sourceId)) {
                    throw notFound(sourceId);
                }
                rules.add(rule(protocol, perm.integer("FromPort"), perm.integer("ToPort"), null, sourceId));
            }
        }
        if (rules.isEmpty()) {
            throw Ec2Error.missingParameter("IpPermissions");
        }
        for (SecurityGroup.Rule rule : rules) {
            for (SecurityGroup.Rule existing : g.ingress) {
                if (existing.sameAs(rule)) {
                    throw Ec2Error.of("InvalidPermission.Duplicate", "the specified rule \"peer: "
                            + (rule.cidr != null ? rule.cidr : rule.sourceGroupId) + ", " + rule.protocol.toUpperCase(java.util.Locale.ROOT)
                            + ", from port: " + rule.fromPort + ", to port: " + rule.toPort + ", ALLOW\" already exists");
                }
            }
        }
        g.ingress.addAll(rules);
        xml.element("return", true);
    }

    private static SecurityGroup.Rule rule(String protocol, Integer from, Integer to, String cidr, String sourceGroupId) {
        String p = protocol.toLowerCase(java.util.Locale.ROOT);
        if (!List.of("tcp", "udp", "icmp", "-1", "all").contains(p) && !p.matches("[0-9]{1,3}")) {
            throw Ec2Error.invalidParameterValue("Invalid value '" + protocol + "' for IP protocol. Unknown protocol.");
        }
        if ((p.equals("tcp") || p.equals("udp")) && (from == null || to == null || from < 0 || to > 65535 || from > to)) {
            throw Ec2Error.invalidParameterValue("Invalid port range " + from + "-" + to);
        }
        if (cidr != null && !cidr.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}")) {
            throw Ec2Error.invalidParameterValue("CIDR block " + cidr + " is malformed");
        }
        return new SecurityGroup.Rule(p.equals("all") ? "-1" : p, from, to, cidr, sourceGroupId);
    }

    static void deleteSecurityGroup(Request r, XmlWriter xml) {
        SecurityGroup g = named(r);
        RegionState region = r.here();
        for (Instance i : region.instances.values()) {
            if (!"terminated".equals(i.state) && i.securityGroupIds.contains(g.id)) {
                throw Ec2Error.of("DependencyViolation", "resource " + g.id + " has a dependent object");
            }
        }
        region.securityGroups.remove(g.id);
        xml.element("return", true);
        xml.element("groupId", g.id);
    }
}
