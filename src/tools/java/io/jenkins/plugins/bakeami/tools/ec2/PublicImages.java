package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.List;

/**
 * A few public base images of other owners, as a template's {@code source_ami_filter} finds them on EC2: Amazon
 * Linux 2 (owner alias {@code amazon}) and Ubuntu 22.04 (Canonical, {@value Ec2Emulator#CANONICAL}, no alias), each
 * in two versions, plus one paravirtual and one instance-store image that are newer still, so that a filter on
 * {@code virtualization-type} or {@code root-device-type} decides which one {@code most_recent} takes. Put into
 * every region by {@link Ec2Emulator.Builder#publicImages(boolean)}; the names and dates are the same everywhere.
 */
final class PublicImages {
    private record Entry(String owner, String name, String created, String virtualization, String rootDevice) {
    }

    private static final List<Entry> CATALOG = List.of(
            new Entry(Accounts.AMAZON, "amzn2-ami-hvm-2.0.20240109.0-x86_64-gp2", "2024-01-09T19:52:06Z", "hvm", "ebs"),
            new Entry(Accounts.AMAZON, "amzn2-ami-hvm-2.0.20240306.2-x86_64-gp2", "2024-03-06T21:14:27Z", "hvm", "ebs"),
            new Entry(Accounts.AMAZON, "amzn2-ami-pv-2.0.20240310.0-x86_64-gp2", "2024-03-10T08:00:00Z", "paravirtual", "ebs"),
            new Entry(Ec2Emulator.CANONICAL, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240207",
                    "2024-02-07T05:12:33Z", "hvm", "ebs"),
            new Entry(Ec2Emulator.CANONICAL, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301",
                    "2024-03-01T06:40:12Z", "hvm", "ebs"),
            new Entry(Ec2Emulator.CANONICAL, "ubuntu/images/hvm-instance/ubuntu-jammy-22.04-amd64-server-20240401",
                    "2024-04-01T06:00:00Z", "hvm", "instance-store"));

    private PublicImages() {}

    /** Puts the catalog into a region. Call with the state lock held. */
    static void plant(RegionState region, Ids ids) {
        for (Entry entry : CATALOG) {
            Instant created = Instant.parse(entry.created());
            ImageSeed.named(entry.name()).region(region.name).owner(entry.owner()).publicImage(true)
                    .creationDate(created).virtualizationType(entry.virtualization())
                    .rootDeviceType(entry.rootDevice()).description(entry.name()).plant(region, ids, created);
        }
    }
}
