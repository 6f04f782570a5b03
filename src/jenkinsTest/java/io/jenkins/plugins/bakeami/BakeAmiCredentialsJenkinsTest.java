package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * AWS credentials for bakeAmi in a real Jenkins (profile jenkins; not run in the default build): by id, wrong type,
 * unknown id, bound by withCredentials, the dropdown's permissions, and the secret never in the log. The EC2
 * endpoint is a closed loopback port, so the builds end in FAILURE after the credentials were resolved.
 */
public class BakeAmiCredentialsJenkinsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private AWSCredentialsImpl addAwsCredentials() throws Exception {
        AWSCredentialsImpl c = new AWSCredentialsImpl(CredentialsScope.GLOBAL, "aws-prod", KEY_ID, SECRET, "prod");
        store(c);
        return c;
    }

    private void store(Credentials c) throws Exception {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(), c);
    }

    private WorkflowRun run(String body) throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  writeFile file: 'ami/packer.json', text: '{\"builders\": []}'\n"
                + "  withEnv(['AWS_REGION=us-east-1', 'AWS_ENDPOINT_URL_EC2=http://127.0.0.1:1']) {\n"
                + body + "\n  }\n}", true));
        return j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
    }

    @Test
    public void credentialsIdIsResolvedTrackedAndNeverPrinted() throws Exception {
        RequiredTools.requirePacker(); // a bake checks packer before its lookup reaches the endpoint
        AWSCredentialsImpl c = addAwsCredentials();
        WorkflowRun b = run("bakeAmi template: 'ami/packer.json', credentialsId: 'aws-prod'");
        j.assertLogContains("AWS credentials from Jenkins credentials 'aws-prod'", b);
        j.assertLogContains("cannot reach the endpoint", b); // the credentials were resolved: it failed there
        j.assertLogNotContains(SECRET, b);
        assertNotNull("the use is recorded", CredentialsProvider.getFingerprintOf(c));
    }

    @Test
    public void unknownIdFailsNamingIt() throws Exception {
        WorkflowRun b = run("bakeAmi template: 'ami/packer.json', credentialsId: 'nope'");
        j.assertLogContains("bakeAmi: no credentials with id 'nope' are visible to this build", b);
        j.assertLogNotContains("\tat ", b);
    }

    @Test
    public void credentialsOfAnotherTypeFailNamingExpectedAndActualType() throws Exception {
        store(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "user-pass", "", "user", "password-123"));
        WorkflowRun b = run("bakeAmi template: 'ami/packer.json', credentialsId: 'user-pass'");
        j.assertLogContains("credentials 'user-pass' are of type UsernamePasswordCredentialsImpl, "
                + "but bakeAmi needs AWS credentials (AmazonWebServicesCredentials", b);
        j.assertLogNotContains("password-123", b);
    }

    @Test
    public void keysBoundByWithCredentialsAreUsed() throws Exception {
        RequiredTools.requirePacker(); // a bake checks packer before its lookup reaches the endpoint
        addAwsCredentials();
        WorkflowRun b = run("withCredentials([[$class: 'AmazonWebServicesCredentialsBinding', credentialsId: 'aws-prod']]) {\n"
                + "  bakeAmi template: 'ami/packer.json'\n}");
        j.assertLogContains("AWS credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the step's environment", b);
        j.assertLogContains("cannot reach the endpoint", b);
        j.assertLogNotContains(SECRET, b);
    }

    @Test
    public void dropdownListsAwsCredentialsOnlyToThoseWhoMayConfigure() throws Exception {
        addAwsCredentials();
        store(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "user-pass", "", "user", "password-123"));
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("configurer"));
        BakeAmiStep.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(BakeAmiStep.DescriptorImpl.class);
        try (ACLContext ctx = ACL.as2(User.getById("configurer", true).impersonate2())) {
            // the empty choice and the AWS entry; not the username/password entry
            assertEquals(List.of("", "aws-prod"), values(descriptor.doFillCredentialsIdItems(p, "")));
        }
        try (ACLContext ctx = ACL.as2(User.getById("reader", true).impersonate2())) {
            // only the current value: a reader learns nothing about which credentials exist
            assertEquals(List.of(""), values(descriptor.doFillCredentialsIdItems(p, "")));
            assertEquals(List.of("kept"), values(descriptor.doFillCredentialsIdItems(p, "kept")));
        }
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).collect(Collectors.toList());
    }

    /**
     * An entry with an IAM role: the controller assumes nothing (no STS call from here: a session would end in the
     * middle of a long bake); the agent gets the base keys and the role, and assumes it at AWS_ENDPOINT_URL_STS.
     */
    @Test
    public void anEntrysRoleIsAssumedOnTheAgentNotHere() throws Exception {
        store(new AWSCredentialsImpl(CredentialsScope.GLOBAL, "aws-role", KEY_ID, SECRET, "role",
                "arn:aws:iam::123456789012:role/ami-baker", null, "tenant-42"));
        WorkflowRun b = run("withEnv(['AWS_ENDPOINT_URL_STS=http://127.0.0.1:1']) {\n"
                + "  bakeAmi template: 'ami/packer.json', credentialsId: 'aws-role'\n}");
        j.assertLogContains("AWS credentials from Jenkins credentials 'aws-role', role"
                + " arn:aws:iam::123456789012:role/ami-baker (session bakeAmi-p0-1, 3600 s, with an external id)"
                + " assumed on the agent", b);
        j.assertLogContains("cannot assume role arn:aws:iam::123456789012:role/ami-baker at STS http://127.0.0.1:1", b);
        j.assertLogNotContains(SECRET, b);
        j.assertLogNotContains("tenant-42", b);
    }

    @Test
    public void anEntryThatNeedsMfaIsRefused() throws Exception {
        store(new AWSCredentialsImpl(CredentialsScope.GLOBAL, "aws-mfa", KEY_ID, SECRET, "mfa",
                "arn:aws:iam::123456789012:role/ami-baker", "arn:aws:iam::123456789012:mfa/me", null));
        WorkflowRun b = run("bakeAmi template: 'ami/packer.json', credentialsId: 'aws-mfa'");
        j.assertLogContains(Messages.Credentials_MfaNotSupported("bakeAmi", "aws-mfa"), b);
        j.assertLogNotContains("\tat ", b);
    }

    @Test
    public void theGithubTokenMustBeSecretText() throws Exception {
        addAwsCredentials();
        WorkflowRun b = run("bakeAmi template: 'ami/packer.json', credentialsId: 'aws-prod',"
                + " githubTokenCredentialsId: 'aws-prod'");
        j.assertLogContains(Messages.Credentials_NotSecretText("bakeAmi", "aws-prod", "AWSCredentialsImpl"), b);
    }
}
