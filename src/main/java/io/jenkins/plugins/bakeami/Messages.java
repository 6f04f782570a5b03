package io.jenkins.plugins.bakeami;

import org.jvnet.localizer.Localizable;
import org.jvnet.localizer.ResourceBundleHolder;

/**
 * The user-facing texts of the Jenkins layer, from {@code Messages.properties} beside this class (and its translations,
 * {@code Messages_<locale>.properties}, in the locale of the request or of the JVM). Written by hand in the shape of the
 * class the localizer Maven plugin generates (as every Jenkins plugin's {@code Messages}): for a key {@code A.b},
 * {@code A_b(args)} formats its text with {@link java.text.MessageFormat} and {@code _A_b(args)} gives a
 * {@link Localizable}, to be formatted later in its reader's locale. Keep it in step with the properties file:
 * {@code MessagesTest} checks that every key has its two methods and every method its key. The texts of invalid
 * options live in {@link InputRules}, which the run time and the forms share. Form labels are localizable through each
 * view's properties ({@code ${%...}}).
 */
final class Messages {
    private static final ResourceBundleHolder holder = ResourceBundleHolder.get(Messages.class);

    private Messages() {
    }

    /** Key {@code BakeAmiStep.DisplayName}: {@code Bake an AMI with Packer, or reuse the AMI of the same definition}. */
    static String BakeAmiStep_DisplayName() {
        return holder.format("BakeAmiStep.DisplayName");
    }

    /** Key {@code BakeAmiStep.DisplayName}: {@code Bake an AMI with Packer, or reuse the AMI of the same definition}. */
    static Localizable _BakeAmiStep_DisplayName() {
        return new Localizable(holder, "BakeAmiStep.DisplayName");
    }

    /** Key {@code BakeAmiBuilder.DisplayName}: {@code Bake an AMI with Packer (bakeAmi)}. */
    static String BakeAmiBuilder_DisplayName() {
        return holder.format("BakeAmiBuilder.DisplayName");
    }

    /** Key {@code BakeAmiBuilder.DisplayName}: {@code Bake an AMI with Packer (bakeAmi)}. */
    static Localizable _BakeAmiBuilder_DisplayName() {
        return new Localizable(holder, "BakeAmiBuilder.DisplayName");
    }

    /** Key {@code BakeAmiAction.DisplayName}: {@code Bake AMI: {0}}. */
    static String BakeAmiAction_DisplayName(Object arg0) {
        return holder.format("BakeAmiAction.DisplayName", arg0);
    }

    /** Key {@code BakeAmiAction.DisplayName}: {@code Bake AMI: {0}}. */
    static Localizable _BakeAmiAction_DisplayName(Object arg0) {
        return new Localizable(holder, "BakeAmiAction.DisplayName", arg0);
    }

    /** Key {@code BakeAmiHistoryAction.DisplayName}: {@code AMI history}. */
    static String BakeAmiHistoryAction_DisplayName() {
        return holder.format("BakeAmiHistoryAction.DisplayName");
    }

    /** Key {@code BakeAmiHistoryAction.DisplayName}: {@code AMI history}. */
    static Localizable _BakeAmiHistoryAction_DisplayName() {
        return new Localizable(holder, "BakeAmiHistoryAction.DisplayName");
    }

    /** Key {@code BakeAmiGlobalConfiguration.DisplayName}: {@code Bake AMI}. */
    static String BakeAmiGlobalConfiguration_DisplayName() {
        return holder.format("BakeAmiGlobalConfiguration.DisplayName");
    }

    /** Key {@code BakeAmiGlobalConfiguration.DisplayName}: {@code Bake AMI}. */
    static Localizable _BakeAmiGlobalConfiguration_DisplayName() {
        return new Localizable(holder, "BakeAmiGlobalConfiguration.DisplayName");
    }

    /** Key {@code PackerInstallation.DisplayName}: {@code Packer}. */
    static String PackerInstallation_DisplayName() {
        return holder.format("PackerInstallation.DisplayName");
    }

    /** Key {@code PackerInstallation.DisplayName}: {@code Packer}. */
    static Localizable _PackerInstallation_DisplayName() {
        return new Localizable(holder, "PackerInstallation.DisplayName");
    }

    /** Key {@code PruneAmisStep.DisplayName}: {@code Prune the old AMIs of a family (keep the newest, the current one and those in use)}. */
    static String PruneAmisStep_DisplayName() {
        return holder.format("PruneAmisStep.DisplayName");
    }

    /** Key {@code PruneAmisStep.DisplayName}: {@code Prune the old AMIs of a family (keep the newest, the current one and those in use)}. */
    static Localizable _PruneAmisStep_DisplayName() {
        return new Localizable(holder, "PruneAmisStep.DisplayName");
    }

    /** Key {@code Log.Starting}: {@code [bakeAmi] {0}}. */
    static String Log_Starting(Object arg0) {
        return holder.format("Log.Starting", arg0);
    }

    /** Key {@code Log.Starting}: {@code [bakeAmi] {0}}. */
    static Localizable _Log_Starting(Object arg0) {
        return new Localizable(holder, "Log.Starting", arg0);
    }

    /** Key {@code Log.Archiving}: {@code [bakeAmi] archiving {0}}. */
    static String Log_Archiving(Object arg0) {
        return holder.format("Log.Archiving", arg0);
    }

    /** Key {@code Log.Archiving}: {@code [bakeAmi] archiving {0}}. */
    static Localizable _Log_Archiving(Object arg0) {
        return new Localizable(holder, "Log.Archiving", arg0);
    }

    /** Key {@code Log.Baked}: {@code [bakeAmi] baked {0}}. */
    static String Log_Baked(Object arg0) {
        return holder.format("Log.Baked", arg0);
    }

    /** Key {@code Log.Baked}: {@code [bakeAmi] baked {0}}. */
    static Localizable _Log_Baked(Object arg0) {
        return new Localizable(holder, "Log.Baked", arg0);
    }

    /** Key {@code Log.Reused}: {@code [bakeAmi] reused {0}}. */
    static String Log_Reused(Object arg0) {
        return holder.format("Log.Reused", arg0);
    }

    /** Key {@code Log.Reused}: {@code [bakeAmi] reused {0}}. */
    static Localizable _Log_Reused(Object arg0) {
        return new Localizable(holder, "Log.Reused", arg0);
    }

    /** Key {@code Log.DryRun.WouldReuse}: {@code [bakeAmi] dry run: would reuse {0}}. */
    static String Log_DryRun_WouldReuse(Object arg0) {
        return holder.format("Log.DryRun.WouldReuse", arg0);
    }

    /** Key {@code Log.DryRun.WouldReuse}: {@code [bakeAmi] dry run: would reuse {0}}. */
    static Localizable _Log_DryRun_WouldReuse(Object arg0) {
        return new Localizable(holder, "Log.DryRun.WouldReuse", arg0);
    }

    /** Key {@code Log.DryRun.WouldBake}: {@code [bakeAmi] dry run: no AMI matches the checksum, a bake would run}. */
    static String Log_DryRun_WouldBake() {
        return holder.format("Log.DryRun.WouldBake");
    }

    /** Key {@code Log.DryRun.WouldBake}: {@code [bakeAmi] dry run: no AMI matches the checksum, a bake would run}. */
    static Localizable _Log_DryRun_WouldBake() {
        return new Localizable(holder, "Log.DryRun.WouldBake");
    }

    /** Key {@code Log.Regions}: {@code [bakeAmi] AMI per region: {0}; source image {1}}. */
    static String Log_Regions(Object arg0, Object arg1) {
        return holder.format("Log.Regions", arg0, arg1);
    }

    /** Key {@code Log.Regions}: {@code [bakeAmi] AMI per region: {0}; source image {1}}. */
    static Localizable _Log_Regions(Object arg0, Object arg1) {
        return new Localizable(holder, "Log.Regions", arg0, arg1);
    }

    /** Key {@code Log.Regions.SourceNotRecorded}: {@code not recorded (baked before base images were tracked)}. */
    static String Log_Regions_SourceNotRecorded() {
        return holder.format("Log.Regions.SourceNotRecorded");
    }

    /** Key {@code Log.Regions.SourceNotRecorded}: {@code not recorded (baked before base images were tracked)}. */
    static Localizable _Log_Regions_SourceNotRecorded() {
        return new Localizable(holder, "Log.Regions.SourceNotRecorded");
    }

    /** Key {@code Log.Repair}: {@code [bakeAmi] checksum {0} ({1}): an AMI carries it, but not in {2}: copying it there}. */
    static String Log_Repair(Object arg0, Object arg1, Object arg2) {
        return holder.format("Log.Repair", arg0, arg1, arg2);
    }

    /** Key {@code Log.Repair}: {@code [bakeAmi] checksum {0} ({1}): an AMI carries it, but not in {2}: copying it there}. */
    static Localizable _Log_Repair(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "Log.Repair", arg0, arg1, arg2);
    }

    /** Key {@code Log.Timings}: {@code [bakeAmi] timings: {0}}. */
    static String Log_Timings(Object arg0) {
        return holder.format("Log.Timings", arg0);
    }

    /** Key {@code Log.Timings}: {@code [bakeAmi] timings: {0}}. */
    static Localizable _Log_Timings(Object arg0) {
        return new Localizable(holder, "Log.Timings", arg0);
    }

    /** Key {@code Log.DebugLogNotArchived}: {@code [bakeAmi] could not archive Packer's debug log {0} (it stays in the workspace): {1}}. */
    static String Log_DebugLogNotArchived(Object arg0, Object arg1) {
        return holder.format("Log.DebugLogNotArchived", arg0, arg1);
    }

    /** Key {@code Log.DebugLogNotArchived}: {@code [bakeAmi] could not archive Packer's debug log {0} (it stays in the workspace): {1}}. */
    static Localizable _Log_DebugLogNotArchived(Object arg0, Object arg1) {
        return new Localizable(holder, "Log.DebugLogNotArchived", arg0, arg1);
    }

    /** Key {@code Log.ListingNotWritten}: {@code [bakeAmi] the checksum listing is not written to {0}: it lies inside a definition direc...}. */
    static String Log_ListingNotWritten(Object arg0) {
        return holder.format("Log.ListingNotWritten", arg0);
    }

    /** Key {@code Log.ListingNotWritten}: {@code [bakeAmi] the checksum listing is not written to {0}: it lies inside a definition direc...}. */
    static Localizable _Log_ListingNotWritten(Object arg0) {
        return new Localizable(holder, "Log.ListingNotWritten", arg0);
    }

    /** Key {@code Log.Probe}: {@code [bakeAmi] checksum {0} ({1}): no AMI carries it yet, a bake will run}. */
    static String Log_Probe(Object arg0, Object arg1) {
        return holder.format("Log.Probe", arg0, arg1);
    }

    /** Key {@code Log.Probe}: {@code [bakeAmi] checksum {0} ({1}): no AMI carries it yet, a bake will run}. */
    static Localizable _Log_Probe(Object arg0, Object arg1) {
        return new Localizable(holder, "Log.Probe", arg0, arg1);
    }

    /** Key {@code Log.Stopping}: {@code [bakeAmi] the build was stopped: stopping Packer on the agent and waiting for its cleanup}. */
    static String Log_Stopping() {
        return holder.format("Log.Stopping");
    }

    /** Key {@code Log.Stopping}: {@code [bakeAmi] the build was stopped: stopping Packer on the agent and waiting for its cleanup}. */
    static Localizable _Log_Stopping() {
        return new Localizable(holder, "Log.Stopping");
    }

    /** Key {@code Log.StoppedBeforePacker}: {@code [bakeAmi] stopped before Packer started: nothing to clean up}. */
    static String Log_StoppedBeforePacker() {
        return holder.format("Log.StoppedBeforePacker");
    }

    /** Key {@code Log.StoppedBeforePacker}: {@code [bakeAmi] stopped before Packer started: nothing to clean up}. */
    static Localizable _Log_StoppedBeforePacker() {
        return new Localizable(holder, "Log.StoppedBeforePacker");
    }

    /** Key {@code Log.LockWait}: {@code [bakeAmi] waiting for {0}, which bakes the same checksum ({1})}. */
    static String Log_LockWait(Object arg0, Object arg1) {
        return holder.format("Log.LockWait", arg0, arg1);
    }

    /** Key {@code Log.LockWait}: {@code [bakeAmi] waiting for {0}, which bakes the same checksum ({1})}. */
    static Localizable _Log_LockWait(Object arg0, Object arg1) {
        return new Localizable(holder, "Log.LockWait", arg0, arg1);
    }

    /** Key {@code Log.Resumed}: {@code [bakeAmi] resumed after a restart of Jenkins: {0}}. */
    static String Log_Resumed(Object arg0) {
        return holder.format("Log.Resumed", arg0);
    }

    /** Key {@code Log.Resumed}: {@code [bakeAmi] resumed after a restart of Jenkins: {0}}. */
    static Localizable _Log_Resumed(Object arg0) {
        return new Localizable(holder, "Log.Resumed", arg0);
    }

    /** Key {@code Log.AgentUnreachable}: {@code [bakeAmi] cannot reach {0} ({1}); waiting up to {2} min for it to come back}. */
    static String Log_AgentUnreachable(Object arg0, Object arg1, Object arg2) {
        return holder.format("Log.AgentUnreachable", arg0, arg1, arg2);
    }

    /** Key {@code Log.AgentUnreachable}: {@code [bakeAmi] cannot reach {0} ({1}); waiting up to {2} min for it to come back}. */
    static Localizable _Log_AgentUnreachable(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "Log.AgentUnreachable", arg0, arg1, arg2);
    }

    /** Key {@code Log.AgentBack}: {@code [bakeAmi] {0} is back}. */
    static String Log_AgentBack(Object arg0) {
        return holder.format("Log.AgentBack", arg0);
    }

    /** Key {@code Log.AgentBack}: {@code [bakeAmi] {0} is back}. */
    static Localizable _Log_AgentBack(Object arg0) {
        return new Localizable(holder, "Log.AgentBack", arg0);
    }

    /** Key {@code AgentGone}: {@code bakeAmi: {0} did not come back within {1} min; the bake's files are in {2} on it (Packe...}. */
    static String AgentGone(Object arg0, Object arg1, Object arg2) {
        return holder.format("AgentGone", arg0, arg1, arg2);
    }

    /** Key {@code AgentGone}: {@code bakeAmi: {0} did not come back within {1} min; the bake's files are in {2} on it (Packe...}. */
    static Localizable _AgentGone(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "AgentGone", arg0, arg1, arg2);
    }

    /** Key {@code Log.ChangedFiles}: {@code [bakeAmi] changed since the checksum baked by {1}: {0,number,#} line(s), see the build ...}. */
    static String Log_ChangedFiles(Object arg0, Object arg1) {
        return holder.format("Log.ChangedFiles", arg0, arg1);
    }

    /** Key {@code Log.ChangedFiles}: {@code [bakeAmi] changed since the checksum baked by {1}: {0,number,#} line(s), see the build ...}. */
    static Localizable _Log_ChangedFiles(Object arg0, Object arg1) {
        return new Localizable(holder, "Log.ChangedFiles", arg0, arg1);
    }

    /** Key {@code Log.Prune}: {@code [pruneAmis] {0}}. */
    static String Log_Prune(Object arg0) {
        return holder.format("Log.Prune", arg0);
    }

    /** Key {@code Log.Prune}: {@code [pruneAmis] {0}}. */
    static Localizable _Log_Prune(Object arg0) {
        return new Localizable(holder, "Log.Prune", arg0);
    }

    /** Key {@code Log.KeepPrune}: {@code [bakeAmi] prune: {0}}. */
    static String Log_KeepPrune(Object arg0) {
        return holder.format("Log.KeepPrune", arg0);
    }

    /** Key {@code Log.KeepPrune}: {@code [bakeAmi] prune: {0}}. */
    static Localizable _Log_KeepPrune(Object arg0) {
        return new Localizable(holder, "Log.KeepPrune", arg0);
    }

    /** Key {@code Log.KeepPruneFailed}: {@code [bakeAmi] prune: failed, nothing was deleted (the bake's AMI stands): {0}}. */
    static String Log_KeepPruneFailed(Object arg0) {
        return holder.format("Log.KeepPruneFailed", arg0);
    }

    /** Key {@code Log.KeepPruneFailed}: {@code [bakeAmi] prune: failed, nothing was deleted (the bake's AMI stands): {0}}. */
    static Localizable _Log_KeepPruneFailed(Object arg0) {
        return new Localizable(holder, "Log.KeepPruneFailed", arg0);
    }

    /** Key {@code Log.KeepPruneStopped}: {@code [bakeAmi] prune: stopped; what it deleted until then is in the lines above}. */
    static String Log_KeepPruneStopped() {
        return holder.format("Log.KeepPruneStopped");
    }

    /** Key {@code Log.KeepPruneStopped}: {@code [bakeAmi] prune: stopped; what it deleted until then is in the lines above}. */
    static Localizable _Log_KeepPruneStopped() {
        return new Localizable(holder, "Log.KeepPruneStopped");
    }

    /** Key {@code Node.BuiltIn}: {@code the built-in node}. */
    static String Node_BuiltIn() {
        return holder.format("Node.BuiltIn");
    }

    /** Key {@code Node.BuiltIn}: {@code the built-in node}. */
    static Localizable _Node_BuiltIn() {
        return new Localizable(holder, "Node.BuiltIn");
    }

    /** Key {@code Node.Agent}: {@code agent {0}}. */
    static String Node_Agent(Object arg0) {
        return holder.format("Node.Agent", arg0);
    }

    /** Key {@code Node.Agent}: {@code agent {0}}. */
    static Localizable _Node_Agent(Object arg0) {
        return new Localizable(holder, "Node.Agent", arg0);
    }

    /** Key {@code Credentials.NotFound}: {@code {0}: no credentials with id '{1}' are visible to this build}. */
    static String Credentials_NotFound(Object arg0, Object arg1) {
        return holder.format("Credentials.NotFound", arg0, arg1);
    }

    /** Key {@code Credentials.NotFound}: {@code {0}: no credentials with id '{1}' are visible to this build}. */
    static Localizable _Credentials_NotFound(Object arg0, Object arg1) {
        return new Localizable(holder, "Credentials.NotFound", arg0, arg1);
    }

    /** Key {@code Credentials.WrongType}: {@code {0}: credentials '{1}' are of type {2}, but {0} needs AWS credentials (AmazonWebService...}. */
    static String Credentials_WrongType(Object arg0, Object arg1, Object arg2) {
        return holder.format("Credentials.WrongType", arg0, arg1, arg2);
    }

    /** Key {@code Credentials.WrongType}: {@code {0}: credentials '{1}' are of type {2}, but {0} needs AWS credentials (AmazonWebService...}. */
    static Localizable _Credentials_WrongType(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "Credentials.WrongType", arg0, arg1, arg2);
    }

    /** Key {@code Credentials.MfaNotSupported}: {@code {0}: AWS credentials '{1}' need an MFA code for their IAM role (MFA serial number), whi...}. */
    static String Credentials_MfaNotSupported(Object arg0, Object arg1) {
        return holder.format("Credentials.MfaNotSupported", arg0, arg1);
    }

    /** Key {@code Credentials.MfaNotSupported}: {@code {0}: AWS credentials '{1}' need an MFA code for their IAM role (MFA serial number), whi...}. */
    static Localizable _Credentials_MfaNotSupported(Object arg0, Object arg1) {
        return new Localizable(holder, "Credentials.MfaNotSupported", arg0, arg1);
    }

    /** Key {@code Credentials.RoleTwice}: {@code AWS credentials '{0}' name the IAM role {1} and the role option names {2}: set one of t...}. */
    static String Credentials_RoleTwice(Object arg0, Object arg1, Object arg2) {
        return holder.format("Credentials.RoleTwice", arg0, arg1, arg2);
    }

    /** Key {@code Credentials.RoleTwice}: {@code AWS credentials '{0}' name the IAM role {1} and the role option names {2}: set one of t...}. */
    static Localizable _Credentials_RoleTwice(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "Credentials.RoleTwice", arg0, arg1, arg2);
    }

    /** Key {@code Credentials.NotSecretText}: {@code {0}: credentials '{1}' are of type {2}, but githubTokenCredentialsId needs secret text ...}. */
    static String Credentials_NotSecretText(Object arg0, Object arg1, Object arg2) {
        return holder.format("Credentials.NotSecretText", arg0, arg1, arg2);
    }

    /** Key {@code Credentials.NotSecretText}: {@code {0}: credentials '{1}' are of type {2}, but githubTokenCredentialsId needs secret text ...}. */
    static Localizable _Credentials_NotSecretText(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "Credentials.NotSecretText", arg0, arg1, arg2);
    }

    /** Key {@code Credentials.ResolveFailed}: {@code {0}: could not get keys from AWS credentials '{1}': {2}}. */
    static String Credentials_ResolveFailed(Object arg0, Object arg1, Object arg2) {
        return holder.format("Credentials.ResolveFailed", arg0, arg1, arg2);
    }

    /** Key {@code Credentials.ResolveFailed}: {@code {0}: could not get keys from AWS credentials '{1}': {2}}. */
    static Localizable _Credentials_ResolveFailed(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "Credentials.ResolveFailed", arg0, arg1, arg2);
    }

    /** Key {@code PackerTool.Unknown}: {@code no Packer installation named '{0}' (Manage Jenkins \u2192 Tools \u2192 Packer installat...}. */
    static String PackerTool_Unknown(Object arg0, Object arg1) {
        return holder.format("PackerTool.Unknown", arg0, arg1);
    }

    /** Key {@code PackerTool.Unknown}: {@code no Packer installation named '{0}' (Manage Jenkins \u2192 Tools \u2192 Packer installat...}. */
    static Localizable _PackerTool_Unknown(Object arg0, Object arg1) {
        return new Localizable(holder, "PackerTool.Unknown", arg0, arg1);
    }

    /** Key {@code PackerTool.Configured}: {@code configured: {0}}. */
    static String PackerTool_Configured(Object arg0) {
        return holder.format("PackerTool.Configured", arg0);
    }

    /** Key {@code PackerTool.Configured}: {@code configured: {0}}. */
    static Localizable _PackerTool_Configured(Object arg0) {
        return new Localizable(holder, "PackerTool.Configured", arg0);
    }

    /** Key {@code PackerTool.NoneConfigured}: {@code none is configured}. */
    static String PackerTool_NoneConfigured() {
        return holder.format("PackerTool.NoneConfigured");
    }

    /** Key {@code PackerTool.NoneConfigured}: {@code none is configured}. */
    static Localizable _PackerTool_NoneConfigured() {
        return new Localizable(holder, "PackerTool.NoneConfigured");
    }

    /** Key {@code PackerTool.NoHome}: {@code the Packer installation '{0}' has no home on {1}: give it a home, a Tool Location on th...}. */
    static String PackerTool_NoHome(Object arg0, Object arg1) {
        return holder.format("PackerTool.NoHome", arg0, arg1);
    }

    /** Key {@code PackerTool.NoHome}: {@code the Packer installation '{0}' has no home on {1}: give it a home, a Tool Location on th...}. */
    static Localizable _PackerTool_NoHome(Object arg0, Object arg1) {
        return new Localizable(holder, "PackerTool.NoHome", arg0, arg1);
    }

    /** Key {@code PackerTool.NoNode}: {@code node {0} is no longer configured: its Packer installation cannot be resolved}. */
    static String PackerTool_NoNode(Object arg0) {
        return holder.format("PackerTool.NoNode", arg0);
    }

    /** Key {@code PackerTool.NoNode}: {@code node {0} is no longer configured: its Packer installation cannot be resolved}. */
    static Localizable _PackerTool_NoNode(Object arg0) {
        return new Localizable(holder, "PackerTool.NoNode", arg0);
    }

    /** Key {@code Form.Directory.Outside}: {@code '{0}' lies outside the workspace: its checksum then depends on the agent's file system}. */
    static String Form_Directory_Outside(Object arg0) {
        return holder.format("Form.Directory.Outside", arg0);
    }

    /** Key {@code Form.Directory.Outside}: {@code '{0}' lies outside the workspace: its checksum then depends on the agent's file system}. */
    static Localizable _Form_Directory_Outside(Object arg0) {
        return new Localizable(holder, "Form.Directory.Outside", arg0);
    }
}
