package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Item;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins → System, section "Bake AMI": the defaults a bake uses for the options its step or builder leaves
 * unset (an option on the step or builder always wins). Configuration as code reads and exports it as
 * {@code unclassified: bakeAmi: …}. Saved in {@code JENKINS_HOME/io.jenkins.plugins.bakeami.BakeAmiGlobalConfiguration.xml}
 * by each setter, as JCasC and the form both set it through the setters; saving the form requires Overall/Administer.
 * A bake takes these values as a {@link GlobalDefaults} copy when it resolves its options.
 */
@Extension
@Symbol("bakeAmi")
public class BakeAmiGlobalConfiguration extends GlobalConfiguration {
    private String region;
    private String credentialsId;
    private String tagKey;
    private List<String> owners = new ArrayList<>();
    private String checksumMode;
    private Integer timeoutMinutes;
    private String packerInstallation;

    public BakeAmiGlobalConfiguration() {
        load();
    }

    /** The defaults in force, or none while Jenkins has not loaded this extension (startup, shutdown). */
    static GlobalDefaults current() {
        ExtensionList<BakeAmiGlobalConfiguration> all = ExtensionList.lookup(BakeAmiGlobalConfiguration.class);
        return all.isEmpty() ? GlobalDefaults.NONE : all.get(0).toDefaults();
    }

    GlobalDefaults toDefaults() {
        return new GlobalDefaults(region, credentialsId, tagKey, getOwners(), checksumMode, timeoutMinutes,
                packerInstallation);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.BakeAmiGlobalConfiguration_DisplayName();
    }

    /** As every section of the system configuration by default; stated because the defaults reach every build. */
    @NonNull
    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.ADMINISTER;
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return super.configure(req, json);
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = InputRules.trimToNull(region);
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = InputRules.trimToNull(credentialsId);
        save();
    }

    public String getTagKey() {
        return tagKey;
    }

    @DataBoundSetter
    public void setTagKey(String tagKey) {
        this.tagKey = InputRules.trimToNull(tagKey);
        save();
    }

    public List<String> getOwners() {
        return owners == null ? List.of() : Collections.unmodifiableList(owners);
    }

    /** One owner per line, for the form's text area. */
    public String getOwnersText() {
        return String.join("\n", getOwners());
    }

    @DataBoundSetter
    public void setOwners(List<String> owners) {
        this.owners = new ArrayList<>(InputRules.splitList(owners, true));
        save();
    }

    public String getChecksumMode() {
        return checksumMode;
    }

    @DataBoundSetter
    public void setChecksumMode(String checksumMode) {
        this.checksumMode = InputRules.trimToNull(checksumMode);
        save();
    }

    public Integer getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(Integer timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
        save();
    }

    /** The name of a Packer tool installation (Manage Jenkins → Tools), or null: packer on the agent's PATH. */
    public String getPackerInstallation() {
        return packerInstallation;
    }

    @DataBoundSetter
    public void setPackerInstallation(String packerInstallation) {
        this.packerInstallation = InputRules.trimToNull(packerInstallation);
        save();
    }

    public FormValidation doCheckRegion(@QueryParameter String value) {
        return BakeAmiForms.checkRegion(value);
    }

    public FormValidation doCheckTagKey(@QueryParameter String value) {
        return BakeAmiForms.checkTagKey(value);
    }

    public FormValidation doCheckOwners(@QueryParameter String value) {
        return BakeAmiForms.checkOwners(value);
    }

    public FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
        return BakeAmiForms.checkTimeoutMinutes(value);
    }

    public ListBoxModel doFillChecksumModeItems() {
        return BakeAmiForms.fillChecksumModeItems();
    }

    public ListBoxModel doFillPackerInstallationItems() {
        return BakeAmiForms.fillPackerToolItems();
    }

    /** On the system page there is no job: the list needs Overall/Administer (BakeAmiForms). */
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return BakeAmiForms.fillCredentialsIdItems(item, credentialsId);
    }

    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
        return BakeAmiForms.checkCredentialsId(item, value);
    }
}
