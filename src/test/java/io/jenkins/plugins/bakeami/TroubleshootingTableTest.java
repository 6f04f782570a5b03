package io.jenkins.plugins.bakeami;

import static io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * docs/troubleshooting.md's "Bad input" table holds exactly the rows that tests check against the real messages
 * ({@link TroubleshootingTable#ROWS}), so no row can go stale unnoticed.
 */
public class TroubleshootingTableTest {
    @Test
    public void everyRowIsCheckedByATestAndEveryCheckedInputHasARow() {
        List<String> documented = new ArrayList<>(TroubleshootingTable.documentedInputs());
        List<String> checked = new ArrayList<>(TroubleshootingTable.ROWS.keySet());
        documented.sort(null);
        checked.sort(null);
        assertEquals(checked, documented);
    }

    /** The Jenkins layer's own messages (its tests run only with -Pjenkins): checked against its Messages. */
    @Test
    public void theJenkinsRowsAreTheJenkinsLayersMessages() {
        assertDocumented("Jenkins: unknown credentials id", Messages.Credentials_NotFound("bakeAmi", "aws-prod"));
        assertDocumented("Jenkins: credentials of the wrong type",
                Messages.Credentials_WrongType("bakeAmi", "aws-prod", "UsernamePasswordCredentialsImpl"));
        assertDocumented("Jenkins: AWS credentials that need an MFA code",
                Messages.Credentials_MfaNotSupported("bakeAmi", "aws-prod"));
        assertDocumented("Jenkins: a role in the credentials entry and in the role option", "bakeAmi: "
                + Messages.Credentials_RoleTwice("aws-prod", "arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"));
        assertDocumented("Jenkins: a GitHub token id that is not secret text",
                Messages.Credentials_NotSecretText("bakeAmi", "github", "AWSCredentialsImpl"));
    }
}
