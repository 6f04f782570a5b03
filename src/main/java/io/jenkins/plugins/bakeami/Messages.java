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

    /** e.g. "[bakeAmi] AMI per region: us-east-1=ami-1, us-west-2=ami-2; source image ami-0" */
    static String Log_Regions(java.util.Map<String, String> amiIds, String sourceAmi) {
        return "[bakeAmi] AMI per region: " + amiIds.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ")) + "; source image " + (sourceAmi == null
                        ? "not recorded (baked before base images were tracked)" : sourceAmi);
    }

    static String Log_Repair(String checksum, String mode, java.util.List<String> regions) {
        return "[bakeAmi] checksum " + checksum + " (" + mode + "): an AMI carries it, but not in "
                + String.join(", ", regions) + ": copying it there";
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

    static String Log_DebugLogNotArchived(String file, String reason) {
        return "[bakeAmi] could not archive Packer's debug log " + file + " (it stays in the workspace): " + reason;
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

    static String Credentials_MfaNotSupported(String step, String id) {
        return step + ": AWS credentials '" + id + "' need an MFA code for their IAM role (MFA serial number), which"
                + " nobody can type in a build: use an entry without an MFA serial number, whose role's trust policy"
                + " does not ask for MFA";
    }

    static String Credentials_RoleTwice(String id, String entryRole, String optionRole) {
        return "AWS credentials '" + id + "' name the IAM role " + entryRole + " and the role option names "
                + optionRole + ": set one of them (one role is assumed, on the agent)";
    }

    static String Credentials_NotSecretText(String step, String id, String type) {
        return step + ": credentials '" + id + "' are of type " + type + ", but githubTokenCredentialsId needs secret"
                + " text (StringCredentials, from the plain-credentials plugin)";
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

    /** The prune after a bake ({@code keep}): its progress and its table. */
    static String Log_KeepPrune(String line) {
        return "[bakeAmi] prune: " + line;
    }

    static String Log_KeepPruneFailed(String reason) {
        return "[bakeAmi] prune: failed, nothing was deleted (the bake's AMI stands): " + reason;
    }

    static String Log_KeepPruneStopped() {
        return "[bakeAmi] prune: stopped; what it deleted until then is in the lines above";
    }

    static String Form_Directory_Outside(String dir) {
        return "'" + dir + "' lies outside the workspace: its checksum then depends on the agent's file system";
    }
}
