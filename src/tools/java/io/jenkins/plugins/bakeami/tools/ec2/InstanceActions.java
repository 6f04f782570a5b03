package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.Map;

/** RunInstances, DescribeInstances, StopInstances, TerminateInstances. */
final class InstanceActions {
    private InstanceActions() {}

    static void register(Map<String, Action> actions) {
    }

    static Ec2Error notFound(String id) {
        return Ec2Error.of("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    }

    /** The caller's instance, or the error EC2 gives for an instance id that is malformed or unknown. */
    static Instance owned(Request r, String id) {
        if (!Ids.wellFormed(id, "i")) {
            throw Ec2Error.of("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
        }
        Instance instance = r.here().instances.get(id);
        if (instance == null || !instance.ownerId.equals(r.account)) {
            throw notFound(id);
        }
        return instance;
    }
}
