package io.jenkins.plugins.bakeami;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.bakeami.engine.aws.RegionNames;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The form checks and drop-down lists of both descriptors ({@link BakeAmiStep.DescriptorImpl},
 * {@link BakeAmiBuilder.DescriptorImpl}), which delegate here. The syntax rules are {@link InputRules}', the same the
 * build applies; text areas of list options arrive as one string, split as the options' setters split it.
 */
final class BakeAmiForms {
    private BakeAmiForms() {
    }

    static FormValidation checkTemplate(String value) {
        return errorOrOk(InputRules.template(value));
    }

    static FormValidation checkRegion(String value) {
        // The form cannot see the build's environment, where BAKE_AMI_EXTRA_REGIONS may allow a region newer than the
        // SDK: a well-formed unknown name is only a warning here, the build decides.
        String problem = InputRules.region(value, Map.of());
        if (problem != null) {
            return RegionNames.hasRegionShape(value.trim()) ? FormValidation.warning(problem) : FormValidation.error(problem);
        }
        return InputRules.isBlank(value)
                ? FormValidation.ok("Empty: the build's AWS_REGION or AWS_DEFAULT_REGION, else the global default region")
                : FormValidation.ok();
    }

    static FormValidation checkTagKey(String value) {
        return errorOrOk(InputRules.tagKey(value));
    }

    /** Against the tag key that applies: the form's, else the global default, else ami_config_checksum. */
    static FormValidation checkSourceTagKey(String value, String tagKey) {
        String key = InputRules.isBlank(tagKey) ? BakeAmiGlobalConfiguration.current().getTagKey() : tagKey;
        return errorOrOk(InputRules.sourceTagKey(value, key));
    }

    static FormValidation checkEndpoint(String value) {
        return errorOrOk(InputRules.endpoint(value));
    }

    static FormValidation checkDirs(String value) {
        List<String> dirs = InputRules.definitionDirectories(Collections.singletonList(value));
        String problem = InputRules.dirs(dirs);
        if (problem != null) {
            return FormValidation.error(problem);
        }
        for (String dir : dirs) {
            String path = dir.replace('\\', '/');
            if (path.startsWith("/") || path.matches("[A-Za-z]:.*") || List.of(path.split("/")).contains("..")) {
                return FormValidation.warning(Messages.Form_Directory_Outside(dir));
            }
        }
        return FormValidation.ok();
    }

    static FormValidation checkOwners(String value) {
        return errorOrOk(InputRules.owners(InputRules.splitList(Collections.singletonList(value), true)));
    }

    static FormValidation checkVars(String value) {
        return errorOrOk(InputRules.vars(InputRules.splitList(Collections.singletonList(value), false)));
    }

    static FormValidation checkAmiIdFile(String value) {
        return errorOrOk(InputRules.amiIdFile(value));
    }

    static FormValidation checkSubnetId(String value) {
        return errorOrOk(InputRules.subnetId(value));
    }

    static FormValidation checkTimeoutMinutes(String value) {
        if (InputRules.isBlank(value)) {
            return FormValidation.ok();
        }
        try {
            return errorOrOk(InputRules.timeoutMinutes(Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return FormValidation.error("timeoutMinutes '" + value + "' is not a whole number of minutes");
        }
    }

    /** The modes, after "not set": the global default applies, else ami-bakery. */
    static ListBoxModel fillChecksumModeItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("(not set: the global default, else ami-bakery)", "");
        items.add("ami-bakery: the seed's ami_config_checksum (default)", BakeAmiDefaults.CHECKSUM_MODE);
        items.add("strict: also renames, exec bits, the template and its variables", BakeAmiDefaults.CHECKSUM_MODE_STRICT);
        return items;
    }

    static ListBoxModel fillBaseImageItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("track: reuse only an AMI of the template's current source image (default)",
                BakeAmiDefaults.BASE_IMAGE);
        items.add("require: also rebake AMIs that do not record their source image", "require");
        items.add("ignore: reuse whatever the source image", "ignore");
        return items;
    }

    static ListBoxModel fillLineEndingsItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("exact: every byte as it is (default)", BakeAmiDefaults.LINE_ENDINGS);
        items.add("normalize: text files with CRLF read as LF (strict checksum only)", "normalize");
        return items;
    }

    /** Against the checksum mode that applies: the form's, else the global default, else ami-bakery. */
    static FormValidation checkLineEndings(String value, String checksumMode) {
        String mode = InputRules.isBlank(checksumMode) ? BakeAmiGlobalConfiguration.current().getChecksumMode() : checksumMode;
        return errorOrOk(InputRules.lineEndings(value, mode == null ? BakeAmiDefaults.CHECKSUM_MODE : mode));
    }

    static FormValidation checkRole(String value) {
        return errorOrOk(InputRules.role(value));
    }

    static FormValidation checkRoleSessionName(String value) {
        return errorOrOk(InputRules.roleSessionName(value));
    }

    static FormValidation checkExternalId(String value) {
        return errorOrOk(InputRules.externalId(value));
    }

    static FormValidation checkSessionDuration(String value) {
        if (InputRules.isBlank(value)) {
            return FormValidation.ok();
        }
        try {
            return errorOrOk(InputRules.sessionDuration(Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return FormValidation.error("sessionDuration '" + value + "' is not a whole number of seconds");
        }
    }

    static ListBoxModel fillOnErrorItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("cleanup: Packer removes its builder (default)", BakeAmiDefaults.ON_ERROR);
        items.add("abort: keep the builder for inspection; the log says how to remove it", "abort");
        return items;
    }

    static ListBoxModel fillInitItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("auto: when the template declares required_plugins (Packer 1.7+)", BakeAmiDefaults.INIT);
        items.add("always", "always");
        items.add("never", "never");
        return items;
    }

    /** The secret-text entries the job may use, for the GitHub token of packer init; the same permissions. */
    static ListBoxModel fillGithubTokenCredentialsIdItems(Item item, String credentialsId) {
        String current = credentialsId == null ? "" : credentialsId;
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayListCredentials(item)) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, StringCredentials.class, Collections.emptyList(),
                        CredentialsMatchers.always())
                .includeCurrentValue(current);
    }

    static FormValidation checkGithubTokenCredentialsId(Item item, String value) {
        if (!mayListCredentials(item) || !InputRules.isBlank(value)) {
            return FormValidation.ok();
        }
        return FormValidation.ok("None: the agent's PACKER_GITHUB_API_TOKEN, if any (GitHub's rate limit for anonymous"
                + " downloads is low)");
    }

    /** The configured Packer installations, after "not set": the global default applies, else packer on the PATH. */
    static ListBoxModel fillPackerToolItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("(not set: the global default, else packer on the PATH)", "");
        for (PackerInstallation installation : PackerInstallation.installations()) {
            items.add(installation.getName(), installation.getName());
        }
        return items;
    }

    /**
     * The AWS credentials entries the job may use. Only for users who may configure (or at least read the
     * configuration of, or use credentials in) the job, or administer Jenkins when there is no job: everyone else
     * sees only the current value, so the list does not tell them which credentials exist.
     */
    static ListBoxModel fillCredentialsIdItems(Item item, String credentialsId) {
        String current = credentialsId == null ? "" : credentialsId;
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayListCredentials(item)) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, AmazonWebServicesCredentials.class, Collections.emptyList(),
                        CredentialsMatchers.always())
                .includeCurrentValue(current);
    }

    static FormValidation checkCredentialsId(Item item, String value) {
        if (!mayListCredentials(item) || !InputRules.isBlank(value)) {
            return FormValidation.ok();
        }
        return FormValidation.ok("None: the build's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (withCredentials, withAWS), "
                + "else the global default credentials, else the agent's default AWS credentials");
    }

    private static boolean mayListCredentials(Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    static FormValidation checkFamily(String value) {
        return errorOrOk(PruneRules.family(value));
    }

    static FormValidation checkMinAge(String value) {
        return errorOrOk(PruneRules.minAge(value));
    }

    /** A whole number the {@code rule} accepts; blank is the default. */
    static FormValidation checkNumber(String value, String option, IntFunction<String> rule) {
        if (InputRules.isBlank(value)) {
            return FormValidation.ok();
        }
        try {
            return errorOrOk(rule.apply(Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return FormValidation.error(option + " '" + value + "' is not a whole number");
        }
    }

    private static FormValidation errorOrOk(String problem) {
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }
}
