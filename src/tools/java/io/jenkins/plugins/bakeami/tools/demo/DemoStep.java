package io.jenkins.plugins.bakeami.tools.demo;

import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import java.time.Duration;
import java.util.List;

/**
 * One bake of the demo.
 *
 * @param title      what the step does and expects
 * @param result     what the bake returned
 * @param wallTime   how long the whole bake took
 * @param ec2Calls   the EC2 actions the step called, in order
 * @param amiIdJson  the {@code .ami_id.json} written
 */
public record DemoStep(String title, BakeResult result, Duration wallTime, List<String> ec2Calls, String amiIdJson) {
    public DemoStep {
        ec2Calls = List.copyOf(ec2Calls);
    }
}
