package io.jenkins.plugins.bakeami.engine.packer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the resources Packer's amazon builders create from their ui messages (the texts of Packer 1.6.6's
 * {@code builder/amazon/common} steps). Only these exact announcements count: an id merely mentioned (a source
 * AMI, a security group the template names) must never end up on a list of things to delete.
 */
final class PackerResourceTracker {

    private static final Pattern INSTANCE = Pattern.compile("Instance ID: (i-[0-9a-zA-Z]+)");
    private static final Pattern KEY_PAIR = Pattern.compile("Creating temporary keypair: (\\S+)");
    private static final Pattern GROUP_NAME =
            Pattern.compile("Creating temporary security group for this instance: (\\S+)");
    private static final Pattern GROUP_ID =
            Pattern.compile("Please delete the group manually:.*?\\b(sg-[0-9a-zA-Z]+)");
    private static final Pattern AMI = Pattern.compile("(?:^|[\\s:>])AMI: (ami-[0-9a-zA-Z]+)");

    private final List<String> instances = new ArrayList<>();
    private final List<String> keyPairs = new ArrayList<>();
    private final List<String> groupNames = new ArrayList<>();
    private final List<String> groupIds = new ArrayList<>();
    private final List<String> amis = new ArrayList<>();

    synchronized void accept(String uiText) {
        for (String line : uiText.split("\n", -1)) {
            add(INSTANCE, line, instances);
            add(KEY_PAIR, line, keyPairs);
            add(GROUP_NAME, line, groupNames);
            add(GROUP_ID, line, groupIds);
            add(AMI, line, amis);
        }
    }

    private static void add(Pattern pattern, String line, List<String> into) {
        Matcher m = pattern.matcher(line);
        if (m.find() && !into.contains(m.group(1))) {
            into.add(m.group(1));
        }
    }

    synchronized PackerResources snapshot() {
        return new PackerResources(instances, keyPairs, groupNames, groupIds, amis);
    }
}
