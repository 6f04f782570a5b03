package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Map;
import org.junit.Test;

public class SigV4CredentialTest {
    private static final QueryParams NONE = new QueryParams(Map.of());

    @Test
    public void regionAndAccessKeyComeFromTheCredentialScope() {
        SigV4Credential c = SigV4Credential.from("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-west-2/ec2/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=abc123", NONE);
        assertEquals("AKIDEXAMPLE", c.accessKeyId);
        assertEquals("us-west-2", c.region);
    }

    @Test
    public void presignedQueryParametersWorkToo() {
        SigV4Credential c = SigV4Credential.from(null, new QueryParams(Map.of("X-Amz-Algorithm", "AWS4-HMAC-SHA256",
                "X-Amz-Credential", "AKIDEXAMPLE/20250101/eu-west-1/ec2/aws4_request")));
        assertEquals("eu-west-1", c.region);
    }

    @Test
    public void requestsWithoutOrWithBrokenSignaturesAreRefusedAsEc2Does() {
        expect(null, "MissingParameter", 400, "The request must contain the parameter AWSAccessKeyId");
        expect("", "MissingParameter", 400, "The request must contain the parameter AWSAccessKeyId");
        expect("Basic dXNlcjpwYXNz", "IncompleteSignature", 400, null);
        expect("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00", "IncompleteSignature", 400, null);
        expect("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00",
                "SignatureDoesNotMatch", 403, null);
        expect("AWS4-HMAC-SHA256 Credential=AKID/20250101//ec2/aws4_request, SignedHeaders=host, Signature=00",
                "IncompleteSignature", 400, null);
    }

    private static void expect(String header, String code, int status, String message) {
        try {
            SigV4Credential.from(header, NONE);
            fail("expected " + code);
        } catch (Ec2Error e) {
            assertEquals(code, e.code());
            assertEquals(status, e.httpStatus());
            if (message != null) {
                assertEquals(message, e.getMessage());
            }
        }
    }
}
