package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags of one resource, kept per account: EC2 shows an account only the tags it set itself, so the tags the
 * owner put on a public AMI are invisible to everyone else (and what others put on it is invisible to the owner).
 */
final class Tags {
    static final int MAX_PER_RESOURCE = 50;

    private final Map<String, Map<String, String>> byAccount = new LinkedHashMap<>();

    Map<String, String> visibleTo(String account) {
        Map<String, String> tags = byAccount.get(account);
        return tags == null ? Collections.emptyMap() : Collections.unmodifiableMap(tags);
    }

    void put(String account, String key, String value) {
        Map<String, String> tags = byAccount.computeIfAbsent(account, a -> new LinkedHashMap<>());
        if (!tags.containsKey(key) && tags.size() >= MAX_PER_RESOURCE) {
            throw Ec2Error.of("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
        }
        tags.put(key, value == null ? "" : value);
    }

    /** Removes a tag; with a value given, only when the tag has that value (as DeleteTags does). */
    void remove(String account, String key, String value) {
        Map<String, String> tags = byAccount.get(account);
        if (tags != null && (value == null || value.equals(tags.get(key)))) {
            tags.remove(key);
        }
    }

    /** Writes {@code <tagSet>} with the tags the viewer set; nothing when there are none, as EC2 does. */
    void writeTagSet(XmlWriter xml, String viewer) {
        Map<String, String> visible = visibleTo(viewer);
        if (visible.isEmpty()) {
            return;
        }
        xml.start("tagSet");
        for (Map.Entry<String, String> tag : visible.entrySet()) {
            xml.start("item").element("key", tag.getKey()).element("value", tag.getValue()).end();
        }
        xml.end();
    }

    /** Every account's tags, for the state file. */
    Map<String, Map<String, String>> all() {
        return Collections.unmodifiableMap(byAccount);
    }
}
