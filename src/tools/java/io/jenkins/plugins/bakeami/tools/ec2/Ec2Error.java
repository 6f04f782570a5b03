package io.jenkins.plugins.bakeami.tools.ec2;

/**
 * An EC2 error answer: the code and message EC2 puts in its error XML, and the HTTP status it sends with them.
 * Thrown by action handlers; the HTTP layer turns it into the {@code <Response><Errors>...} document.
 */
final class Ec2Error extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;

    Ec2Error(String code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** An error with the status EC2 uses for that code (see {@link #statusFor(String)}). */
    static Ec2Error of(String code, String message) {
        return new Ec2Error(code, message, statusFor(code));
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    /**
     * EC2 answers client errors with 400, except authentication (401) and authorization (403); throttling and
     * unavailability are 503, internal errors 500.
     */
    static int statusFor(String code) {
        switch (code) {
            case "RequestLimitExceeded":
            case "Unavailable":
            case "ServiceUnavailable":
                return 503;
            case "InternalError":
            case "InternalFailure":
                return 500;
            case "AuthFailure":
                return 401;
            case "UnauthorizedOperation":
            case "SignatureDoesNotMatch":
            case "OptInRequired":
                return 403;
            default:
                return 400;
        }
    }

    static Ec2Error missingParameter(String name) {
        return of("MissingParameter", "The request must contain the parameter " + name);
    }

    static Ec2Error invalidParameterValue(String message) {
        return of("InvalidParameterValue", message);
    }

    static Ec2Error invalidValue(String value, String parameter) {
        return invalidParameterValue("Value (" + value + ") for parameter " + parameter + " is invalid.");
    }

    static Ec2Error invalidParameterCombination(String message) {
        return of("InvalidParameterCombination", message);
    }

    static Ec2Error requestLimitExceeded() {
        return of("RequestLimitExceeded", "Request limit exceeded.");
    }

    static Ec2Error internalError() {
        return of("InternalError", "An internal error has occurred");
    }
}
