package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Gives a freestyle build's later steps the AMI: {@code AMI_ID}, and {@code AMI_ID_<REGION>} per region (e.g.
 * {@code AMI_ID_US_EAST_1}). Added by {@link BakeAmiBuilder} only: a Pipeline gets the id as bakeAmi's return value.
 * Invisible (no icon, no page).
 */
final class AmiIdEnvironmentAction implements EnvironmentContributingAction {
    private final LinkedHashMap<String, String> variables;

    AmiIdEnvironmentAction(BakeAmiSummary outcome) {
        this.variables = new LinkedHashMap<>(variables(outcome));
    }

    static Map<String, String> variables(BakeAmiSummary outcome) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (outcome.getAmiId() != null) {
            vars.put("AMI_ID", outcome.getAmiId());
        }
        outcome.getAmiIds().forEach((region, id) ->
                vars.put("AMI_ID_" + region.toUpperCase(Locale.ROOT).replace('-', '_'), id));
        return vars;
    }

    @Override
    public void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        env.putAll(variables);
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
