package io.jenkins.plugins.bakeami.engine.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials of an {@link AwsRole}, assumed here (on the agent) and assumed again before each session ends:
 * the SDK's {@link StsAssumeRoleCredentialsProvider} (a new session from a minute before the old one expires, five
 * minutes ahead when it can), with the source credentials as the caller of STS. A bake longer than one session
 * keeps working; a session never crosses the network from the controller.
 *
 * <p>The SDK never closes a credentials provider it was given, so the EC2 client made with one is wrapped to close
 * the provider and its STS client with it ({@link #closingWith}).
 */
final class RoleCredentials implements AutoCloseable {
    private final StsClient sts;
    private final StsAssumeRoleCredentialsProvider provider;

    RoleCredentials(AwsRole role, AwsCredentialsProvider source, String region, Ec2Clients.Limits limits,
            Ec2Clients.Transport transport, ClientOverrideConfiguration overrides) {
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(source)
                .httpClientBuilder(transport.builder(limits))
                .overrideConfiguration(overrides);
        if (role.stsEndpoint() != null) {
            builder.endpointOverride(role.stsEndpoint());
        }
        sts = builder.build();
        provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request -> request.roleArn(role.arn())
                        .roleSessionName(role.sessionName())
                        .externalId(role.externalId())
                        .durationSeconds(role.durationSeconds()))
                .build();
    }

    AwsCredentialsProvider provider() {
        return provider;
    }

    /** The STS client the provider asks (its tests check that it is closed with the EC2 client). */
    StsClient stsClient() {
        return sts;
    }

    /** {@code ec2}, whose {@code close()} also closes these credentials. */
    Ec2Client closingWith(Ec2Client ec2) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                    ec2.close();
                } finally {
                    close();
                }
                return null;
            }
            try {
                return method.invoke(ec2, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[] {Ec2Client.class},
                handler);
    }

    @Override
    public void close() {
        try {
            provider.close();
        } finally {
            sts.close();
        }
    }
}
