package io.jenkins.plugins.bakeami.tools.ec2;

/** One EC2 Query action: reads the request, changes the state, writes the response body. */
@FunctionalInterface
interface Action {
    /** Called with the state lock held; throws {@link Ec2Error} for an EC2 error answer. */
    void handle(Request request, XmlWriter response);
}
