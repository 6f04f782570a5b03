package io.jenkins.plugins.bakeami.engine.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * An EC2 call that failed, with a message that says what failed: the action, the region, the endpoint and
 * the AWS error code. Built from the SDK's exception without its request details, which never carry
 * secrets but are noisy; the cause is kept for stack traces.
 */
public final class Ec2CallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;

    private Ec2CallException(String message, String errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The AWS error code ({@code RequestLimitExceeded}, {@code UnauthorizedOperation}...), or null. */
    public String errorCode() {
        return errorCode;
    }

    public static Ec2CallException of(String action, Ec2Target target, SdkException e) {
        String where = " in " + target.region() + " (" + target.endpointForMessages() + ")";
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String detail = service.awsErrorDetails().errorMessage();
            // with a role, the credentials come from STS first: its refusal is not EC2's
            String sts = e instanceof StsException && target.role() != null ? "cannot assume role "
                    + target.role().arn() + " at STS " + (target.role().stsEndpoint() != null
                    ? target.role().stsEndpoint() : "https://sts." + target.region() + ".amazonaws.com") + ": " : "";
            return new Ec2CallException("EC2 " + action + where + " failed: " + sts + code
                    + (detail == null || detail.isBlank() ? "" : ": " + detail), code, e);
        }
        DefaultChainCredentials.NoCredentials none = cause(e, DefaultChainCredentials.NoCredentials.class);
        if (none != null) {
            return new Ec2CallException("EC2 " + action + where + " failed: " + none.getMessage(), null, e);
        }
        if (e instanceof SdkClientException) {
            return new Ec2CallException("EC2 " + action + where + " failed: cannot reach the endpoint: "
                    + rootMessage(e), null, e);
        }
        return new Ec2CallException("EC2 " + action + where + " failed: " + rootMessage(e), null, e);
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : message + " (" + e.getMessage() + ")";
    }
}
