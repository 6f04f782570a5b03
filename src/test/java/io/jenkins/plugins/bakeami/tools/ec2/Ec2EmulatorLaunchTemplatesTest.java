package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Launch templates through the real AWS SDK v2 client (its marshallers and unmarshallers are what checks the shapes):
 * create, new versions, the {@code $Latest}/{@code $Default} versions of every template, errors, the leak report.
 */
public class Ec2EmulatorLaunchTemplatesTest {
    private static final String OURS = "111111111111";
    private static final String THEIRS = "222222222222";
    private static final String OUR_KEY = "AKIAOURSEXAMPLE00001";
    private static final String THEIR_KEY = "AKIATHEIRSEXAMPLE001";
    private static final String REGION = "us-east-1";

    private Ec2Emulator emulator;
    private Ec2Client ec2;
    private Ec2Client theirEc2;
    private String imageOne;
    private String imageTwo;

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(50))).diagnostics(line -> { }).start();
        emulator.accounts().map(OUR_KEY, OURS).map(THEIR_KEY, THEIRS);
        ec2 = client(OUR_KEY);
        theirEc2 = client(THEIR_KEY);
        imageOne = emulator.seedImage(ImageSeed.named("app-1").owner(OURS));
        imageTwo = emulator.seedImage(ImageSeed.named("app-2").owner(OURS));
    }

    @After
    public void stop() {
        ec2.close();
        theirEc2.close();
        emulator.close();
    }

    private Ec2Client client(String key) {
        return io.jenkins.plugins.bakeami.engine.aws.Ec2Clients.open(
                new Ec2Target(REGION, emulator.endpoint(), new AwsKeys(key, "test-secret", null)));
    }

    private CreateLaunchTemplateResponse create(String name, String imageId) {
        return ec2.createLaunchTemplate(b -> b.launchTemplateName(name).versionDescription("first")
                .launchTemplateData(d -> d.imageId(imageId).instanceType("t3.micro"))
                .tagSpecifications(t -> t.resourceType(ResourceType.LAUNCH_TEMPLATE).tags(g -> g.key("team").value("a"))));
    }

    @Test
    public void createAnswersTheTemplateAndSendsTheDataAsEc2Nests() {
        CreateLaunchTemplateResponse created = create("web", imageOne);

        assertTrue(created.launchTemplate().launchTemplateId(), created.launchTemplate().launchTemplateId()
                .matches("lt-[0-9a-f]{17}"));
        assertEquals("web", created.launchTemplate().launchTemplateName());
        assertEquals(Long.valueOf(1), created.launchTemplate().defaultVersionNumber());
        assertEquals(Long.valueOf(1), created.launchTemplate().latestVersionNumber());
        assertEquals("arn:aws:iam::" + OURS + ":root", created.launchTemplate().createdBy());
        assertEquals("team", created.launchTemplate().tags().get(0).key());
        assertNull("a found image gives no warning", created.warning());
        var call = emulator.callLog().calls("CreateLaunchTemplate").get(0);
        assertEquals(imageOne, call.param("LaunchTemplateData.ImageId"));
        assertEquals("launch-template", call.param("TagSpecification.1.ResourceType"));
    }

    @Test
    public void latestAndDefaultOfEveryTemplateWithoutNamingOne() {
        String web = create("web", imageOne).launchTemplate().launchTemplateId();
        String api = create("api", imageOne).launchTemplate().launchTemplateId();
        LaunchTemplateVersion second = ec2.createLaunchTemplateVersion(b -> b.launchTemplateId(web)
                .sourceVersion("1").launchTemplateData(d -> d.imageId(imageTwo))).launchTemplateVersion();
        assertEquals(Long.valueOf(2), second.versionNumber());
        assertEquals("the source version's other data is kept", "t3.micro", second.launchTemplateData().instanceTypeAsString());
        assertEquals(Boolean.FALSE, second.defaultVersion());
        // the same name in another account is fine, and never listed for us
        theirEc2.createLaunchTemplate(b -> b.launchTemplateName("web").launchTemplateData(d -> d.imageId(imageOne)));

        List<LaunchTemplateVersion> versions = ec2.describeLaunchTemplateVersionsPaginator(
                b -> b.versions("$Latest", "$Default").maxResults(1)).stream()
                .flatMap(p -> p.launchTemplateVersions().stream()).toList();

        assertEquals("our two templates' $Default and $Latest, one per page", List.of(
                        api + ":1:" + imageOne + ":true",
                        web + ":1:" + imageOne + ":true",
                        web + ":2:" + imageTwo + ":false").stream().sorted().toList(),
                versions.stream().map(v -> v.launchTemplateId() + ":" + v.versionNumber() + ":"
                        + v.launchTemplateData().imageId() + ":" + v.defaultVersion()).sorted().toList());
        assertEquals("$Latest", emulator.callLog().calls("DescribeLaunchTemplateVersions").get(0)
                .param("LaunchTemplateVersion.1"));
    }

    @Test
    public void versionsOfOneTemplateByNumberAndRangeAndFilter() {
        String web = create("web", imageOne).launchTemplate().launchTemplateId();
        ec2.createLaunchTemplateVersion(b -> b.launchTemplateName("web").launchTemplateData(d -> d.imageId(imageTwo)));
        ec2.createLaunchTemplateVersion(b -> b.launchTemplateName("web").launchTemplateData(d -> d.imageId(imageOne)));

        assertEquals(List.of(1L, 3L), numbers(ec2.describeLaunchTemplateVersions(b -> b.launchTemplateId(web)
                .versions("1", "$Latest")).launchTemplateVersions()));
        assertEquals(List.of(2L, 3L), numbers(ec2.describeLaunchTemplateVersions(b -> b.launchTemplateName("web")
                .minVersion("2")).launchTemplateVersions()));
        assertEquals(List.of(2L), numbers(ec2.describeLaunchTemplateVersions(b -> b.launchTemplateId(web)
                .filters(f -> f.name("image-id").values(imageTwo))).launchTemplateVersions()));
    }

    @Test
    public void errorsAsEc2GivesThem() {
        create("web", imageOne);
        assertEquals("InvalidLaunchTemplateName.AlreadyExistsException", code(() -> create("web", imageTwo)));
        assertEquals("InvalidLaunchTemplateName.MalformedException", code(() -> create("x", imageOne)));
        assertEquals("InvalidLaunchTemplateId.NotFound", code(() -> ec2.describeLaunchTemplateVersions(
                b -> b.launchTemplateId("lt-0123456789abcdef0"))));
        assertEquals("InvalidLaunchTemplateName.NotFoundException", code(() -> ec2.describeLaunchTemplateVersions(
                b -> b.launchTemplateName("nope"))));
        assertEquals("numbered versions need a template", "InvalidParameterCombination",
                code(() -> ec2.describeLaunchTemplateVersions(b -> b.versions("1"))));
        assertEquals("InvalidLaunchTemplateId.VersionNotFound", code(() -> ec2.describeLaunchTemplateVersions(
                b -> b.launchTemplateName("web").versions("7"))));
        assertEquals("another account's template is not ours", "InvalidLaunchTemplateName.NotFoundException",
                code(() -> theirEc2.deleteLaunchTemplate(b -> b.launchTemplateName("web"))));
        assertEquals("InvalidAMIID.NotFound", ec2.createLaunchTemplate(b -> b.launchTemplateName("gone")
                .launchTemplateData(d -> d.imageId("ami-0000000000000dead"))).warning().errors().get(0).code());
    }

    @Test
    public void leakReportListsTemplatesUntilDeleted() {
        String web = create("web", imageOne).launchTemplate().launchTemplateId();
        assertEquals(List.of(web), emulator.leakReport().leaks("launch-template").stream()
                .map(LeakReport.Leak::id).toList());

        assertEquals(web, ec2.deleteLaunchTemplate(b -> b.launchTemplateId(web)).launchTemplate().launchTemplateId());
        assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
    }

    private static List<Long> numbers(List<LaunchTemplateVersion> versions) {
        return versions.stream().map(LaunchTemplateVersion::versionNumber).toList();
    }

    private static String code(Runnable call) {
        return assertThrows(Ec2Exception.class, call::run).awsErrorDetails().errorCode();
    }
}
