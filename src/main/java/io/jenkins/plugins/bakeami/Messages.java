package io.jenkins.plugins.bakeami;

/**
 * User-facing texts of the Jenkins layer, in one place. Written by hand: real plugins generate a Messages class
 * from Messages.properties with the localizer Maven plugin, which is not on Maven Central; the method names follow
 * its convention ({@code Class_key}) so that moving to Messages.properties later changes no caller. The texts of
 * invalid options live in {@link InputRules}, which the run time and the forms share. Form labels are localizable
 * through each view's config.properties.
 */
final class Messages {
    private Messages() {
    }

    static String BakeAmiStep_DisplayName() {
        return "Bake an AMI with Packer, or reuse the AMI of the same definition";
    }

    static String BakeAmiBuilder_DisplayName() {
        return "Bake an AMI with Packer (bakeAmi)";
    }

    static String BakeAmiAction_DisplayName(String template) {
        return "Bake AMI: " + template;
    }

    static String Log_Starting(String description) {
        return "[bakeAmi] " + description;
    }

    static String Log_Archiving(String files) {
        return "[bakeAmi] archiving " + files;
    }

    static String Log_Result(String amiId, boolean reused, boolean dryRun) {
        if (dryRun) {
            return "[bakeAmi] dry run: " + (amiId == null ? "no AMI matches the checksum, a bake would run" : "would reuse " + amiId);
        }
        return "[bakeAmi] " + (reused ? "reused " : "baked ") + amiId;
    }

    /** e.g. "[bakeAmi] timings: checksum 0.1 s, lookup 0.3 s, packer 95.2 s, tagging 0.4 s" */
    static String Log_Timings(java.util.Map<String, Long> phaseMillis) {
        StringBuilder line = new StringBuilder("[bakeAmi] timings:");
        String separator = " ";
        for (java.util.Map.Entry<String, Long> phase : phaseMillis.entrySet()) {
            line.append(separator).append(phase.getKey()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", phase.getValue() / 1000.0));
            separator = ", ";
        }
        return line.toString();
    }

    static String Log_ListingNotWritten(String file) {
        return "[bakeAmi] the checksum listing is not written to " + file + ": it lies inside a definition directory, "
                + "and the strict checksum would then change with every bake (it is kept on the build page)";
    }

    static String Log_Probe(String checksum, String mode, boolean exists) {
        return "[bakeAmi] checksum " + checksum + " (" + mode + "): "
                + (exists ? "an AMI carries it" : "no AMI carries it yet, a bake will run");
    }

    static String Log_Stopping() {
        return "[bakeAmi] the build was stopped: stopping Packer on the agent and waiting for its cleanup";
    }

    static String Log_StoppedBeforePacker() {
        return "[bakeAmi] stopped before Packer started: nothing to clean up";
    }

    static String Log_LockWait(String holder, String key) {
        return "[bakeAmi] waiting for " + holder + ", which bakes the same checksum (" + key + ")";
    }

    static String Log_Resumed(String what) {
        return "[bakeAmi] resumed after a restart of Jenkins: " + what;
    }

    static String Log_AgentUnreachable(String node, String problem, long minutes) {
        return "[bakeAmi] cannot reach " + (node.isEmpty() ? "the built-in node" : "agent " + node) + " (" + problem
                + "); waiting up to " + minutes + " min for it to come back";
    }

    static String Log_AgentBack(String node) {
        return "[bakeAmi] " + (node.isEmpty() ? "the built-in node" : "agent " + node) + " is back";
    }

    static String AgentGone(String node, long minutes, String where) {
        return "bakeAmi: " + (node.isEmpty() ? "the built-in node" : "agent " + node) + " did not come back within "
                + minutes + " min; the bake's files are in " + where + " on it (Packer may still run there: stop it"
                + " with kill -TERM on the pid in build/pid, and check EC2 for instances named packer_*)";
    }

    static String Log_ChangedFiles(int count, String build) {
        return "[bakeAmi] changed since the checksum baked by " + build + ": " + count + " line(s), see the build page";
    }

    static String Credentials_NotFound(String step, String id) {
        return step + ": no credentials with id '" + id + "' are visible to this build";
    }

    static String Credentials_WrongType(String step, String id, String actualType) {
        return step + ": credentials '" + id + "' are of type " + actualType
                + ", but " + step + " needs AWS credentials (AmazonWebServicesCredentials, from the aws-credentials plugin)";
    }

    static String Credentials_ResolveFailed(String step, String id, String reason) {
        return step + ": could not get keys from AWS credentials '" + id + "': " + reason;
    }

    static String PruneAmisStep_DisplayName() {
        return "Prune the old AMIs of a family (keep the newest, the current one and those in use)";
    }

    static String Log_Prune(String line) {
        return "[pruneAmis] " + line;
    }

    static String BakeAmiHistoryAction_DisplayName() {
        return "AMI history";
    }

    static String BakeAmiGlobalConfiguration_DisplayName() {
        return "Bake AMI";
    }

    static String PackerInstallation_DisplayName() {
        return "Packer";
    }

    static String PackerTool_Unknown(String name, String configured) {
        return "no Packer installation named '" + name + "' (Manage Jenkins → Tools → Packer installations): "
                + configured;
    }

    static String PackerTool_NoHome(String name, String where) {
        return "the Packer installation '" + name + "' has no home on " + where
                + ": give it a home, a Tool Location on that node, or an installer";
    }

    static String PackerTool_NoNode(String node) {
        return "node " + node + " is no longer configured: its Packer installation cannot be resolved";
    }

    static String Form_Directory_Outside(String dir) {
        return "'" + dir + "' lies outside the workspace: its checksum then depends on the agent's file system";
    }
}
