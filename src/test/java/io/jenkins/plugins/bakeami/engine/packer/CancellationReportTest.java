package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class CancellationReportTest {

    private static final PackerResources CREATED = new PackerResources(List.of("i-1"), List.of("packer_k"),
            List.of("packer_sg"), List.of(), List.of("ami-9"));

    @Test
    public void summaryOfACleanExit() {
        CancellationReport r = new CancellationReport(CancellationReport.Reason.TIMED_OUT, "packer build",
                "/w/packer.json", true, 42, Duration.ofSeconds(150), true, Duration.ofMillis(2340), false, false,
                List.of(new KilledProcess(43, "sleep 300")), List.of(), CREATED);
        assertEquals("packer build of /w/packer.json timed out: packer (pid 42) exited 2.3 s after SIGTERM, having"
                + " run its cleanup. Killed leftover processes: [43 (sleep 300)]. Created by packer during the run"
                + " (check they are gone): instance i-1, key pair packer_k, security group packer_sg, AMI ami-9.",
                r.summary());
    }

    @Test
    public void summaryOfAKill() {
        CancellationReport r = new CancellationReport(CancellationReport.Reason.CANCELLED, "packer build",
                "/w/packer.json", true, 42, Duration.ofSeconds(2), false, Duration.ofSeconds(2), true, false,
                List.of(), List.of(new KilledProcess(44, "stuck")), CREATED);
        assertEquals("packer build of /w/packer.json was cancelled: packer (pid 42) did not exit within the grace"
                + " period of 2 s after SIGTERM and was killed. Still running after SIGKILL: [44 (stuck)]. Possibly"
                + " left behind (Packer's cleanup did not finish): instance i-1, key pair packer_k, security group"
                + " packer_sg, AMI ami-9.", r.summary());
    }

    @Test
    public void survivesSerializationInsideItsException() throws Exception {
        CancellationReport r = new CancellationReport(CancellationReport.Reason.INTERRUPTED, "packer build",
                "/w/packer.json", true, 42, Duration.ofSeconds(150), true, Duration.ofMillis(10), false, false,
                List.of(new KilledProcess(43, "sleep 300")), List.of(), CREATED);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new PackerInterruptedException(r));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            PackerInterruptedException copy = (PackerInterruptedException) in.readObject();
            assertEquals(r, copy.report());
            assertEquals(r.summary(), copy.getMessage());
        }
    }
}
