/**
 * A local EC2 endpoint for tests, the demo and benchmarks (never shipped in the plugin): the EC2 Query API subset
 * the AMI registry (AWS SDK v2) and Packer's amazon-ebs builder use, on 127.0.0.1.
 *
 * <p>Public API: {@link io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator} (start, endpoint, seed images, inspect),
 * {@link io.jenkins.plugins.bakeami.tools.ec2.ImageSeed}, {@link io.jenkins.plugins.bakeami.tools.ec2.Accounts},
 * {@link io.jenkins.plugins.bakeami.tools.ec2.Delays}, {@link io.jenkins.plugins.bakeami.tools.ec2.Faults},
 * {@link io.jenkins.plugins.bakeami.tools.ec2.CallLog}, {@link io.jenkins.plugins.bakeami.tools.ec2.LeakReport}.
 * Everything else is the emulator's inside: the HTTP layer ({@code Ec2HttpHandler}, {@code QueryParams},
 * {@code SigV4Credential}, {@code XmlWriter}, {@code Ec2Error}), the state ({@code Ec2State}, {@code RegionState} and
 * the resources) and one action class per resource family. See {@code docs/ec2-emulator.md}.
 */
package io.jenkins.plugins.bakeami.tools.ec2;
