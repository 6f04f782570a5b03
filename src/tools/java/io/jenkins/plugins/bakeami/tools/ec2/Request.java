package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One authenticated call: who asks (account), where (region), what (action and parameters), and when. */
final class Request {
    final String action;
    final String region;
    final String account;
    final QueryParams params;
    final Ec2State state;
    final long now;

    Request(String action, String region, String account, QueryParams params, Ec2State state, long now) {
        this.action = action;
        this.region = region;
        this.account = account;
        this.params = params;
        this.state = state;
        this.now = now;
    }

    RegionState here() {
        return state.region(region);
    }

    Instant instant() {
        return Instant.ofEpochMilli(now);
    }

    Delays delays() {
        return state.delays();
    }

    String newId(String prefix) {
        return state.ids.next(prefix);
    }

    /**
     * Resolves {@code Owner.N}-style values: {@code self}, an owner alias such as {@code amazon}, or an account id.
     */
    Set<String> owners(List<String> values) {
        Set<String> owners = new LinkedHashSet<>();
        for (String v : values) {
            if ("self".equals(v)) {
                owners.add(account);
            } else if (v.matches("[0-9]{12}")) {
                owners.add(v);
            } else {
                String aliased = state.accounts.aliasAccount(v);
                if (aliased == null) {
                    throw Ec2Error.of("InvalidUserID.Malformed", "Invalid user id: \"" + v + "\"");
                }
                owners.add(aliased);
            }
        }
        return owners;
    }

    /** Applies the {@code TagSpecification.N} of a create request to the new resources of the given type. */
    void applyTagSpecifications(String resourceType, List<? extends Resource> created) {
        for (QueryParams spec : params.members("TagSpecification")) {
            if (!resourceType.equals(spec.get("ResourceType"))) {
                continue;
            }
            for (Map.Entry<String, String> tag : tags(spec.members("Tag")).entrySet()) {
                for (Resource r : created) {
                    r.tags.put(account, tag.getKey(), tag.getValue());
                }
            }
        }
    }

    /** Checks that every TagSpecification names a resource type this action creates. */
    void checkTagSpecificationTypes(String... allowed) {
        for (QueryParams spec : params.members("TagSpecification")) {
            String type = spec.get("ResourceType");
            if (!List.of(allowed).contains(type)) {
                throw Ec2Error.invalidParameterValue("'" + type + "' is not a valid taggable resource type for this operation.");
            }
        }
    }

    /** Reads and checks {@code Tag.N.Key}/{@code Tag.N.Value} members. */
    static Map<String, String> tags(List<QueryParams> members) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (QueryParams t : members) {
            String key = t.get("Key");
            String value = t.get("Value", "");
            checkTag(key, value);
            tags.put(key, value);
        }
        return tags;
    }

    static void checkTag(String key, String value) {
        if (key == null || key.isEmpty()) {
            throw Ec2Error.invalidParameterValue("Tag key must not be empty");
        }
        if (key.length() > 128) {
            throw Ec2Error.invalidParameterValue("Tag key exceeds the maximum length of 128 characters");
        }
        if (key.startsWith("aws:")) {
            throw Ec2Error.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
        }
        if (value != null && value.length() > 256) {
            throw Ec2Error.invalidParameterValue("Tag value exceeds the maximum length of 256 characters");
        }
    }

    /** The ids of a {@code Prefix.N} list, each checked for the resource's id shape. */
    List<String> ids(String listName, String idPrefix, String malformedCode) {
        List<String> ids = new ArrayList<>(params.list(listName));
        for (String id : ids) {
            if (!Ids.wellFormed(id, idPrefix)) {
                throw Ec2Error.of(malformedCode, "Invalid id: \"" + id + "\"");
            }
        }
        return ids;
    }
}
