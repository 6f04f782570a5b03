package io.jenkins.plugins.bakeami.engine.bake;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code .ami_id.json}, byte for byte: the seed's {@code {"ami_id": "ami-..."}} first, then our fields. */
public class AmiIdFileTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesTheSeedsFormatThenOurFieldsOnOneLine() throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("us-east-1", "ami-0d8ebf1e938f7f16e");
        ids.put("us-west-2", "ami-0123456789abcdef0");
        BakeResult result = new BakeResult("ami-0d8ebf1e938f7f16e", "us-east-1", ids,
                "ce03de910bb8c6b302412ec4151a3ab7280d63a8", "ami-bakery", BakeOutcome.BAKED, Map.of(),
                "ami-0abcdef1234567890");
        Path file = tmp.getRoot().toPath().resolve("out/.ami_id.json");

        AmiIdFile.write(file, result);

        // what Python's json.dump writes for the same dict (the seed's separators ", " and ": ", no newline)
        assertEquals("{\"ami_id\": \"ami-0d8ebf1e938f7f16e\", \"checksum\": \"ce03de910bb8c6b302412ec4151a3ab7280d63a8\","
                + " \"checksum_mode\": \"ami-bakery\", \"region\": \"us-east-1\", \"source_ami\": \"ami-0abcdef1234567890\","
                + " \"ami_ids\": {\"us-east-1\":"
                + " \"ami-0d8ebf1e938f7f16e\", \"us-west-2\": \"ami-0123456789abcdef0\"}, \"reused\": false}",
                Files.readString(file, StandardCharsets.UTF_8));
        try (var left = Files.list(file.getParent())) {
            assertEquals("no temporary file is left", 1, left.count());
        }
    }

    @Test
    public void aReuseSaysSoAndReplacesTheFile() throws Exception {
        Path file = tmp.getRoot().toPath().resolve(".ami_id.json");
        Files.writeString(file, "{\"ami_id\": \"ami-stale\"}", StandardCharsets.UTF_8);
        AmiIdFile.write(file, new BakeResult("ami-1", "eu-west-1", Map.of("eu-west-1", "ami-1"), "c", "strict",
                BakeOutcome.REUSED, Map.of(), null));
        assertEquals("an AMI baked before base images were tracked has no known source",
                "{\"ami_id\": \"ami-1\", \"checksum\": \"c\", \"checksum_mode\": \"strict\", \"region\":"
                + " \"eu-west-1\", \"source_ami\": null, \"ami_ids\": {\"eu-west-1\": \"ami-1\"}, \"reused\": true}",
                Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    public void removeStaleDeletesAFileButNeverADirectory() throws Exception {
        Path file = tmp.getRoot().toPath().resolve(".ami_id.json");
        Files.writeString(file, "{}", StandardCharsets.UTF_8);
        AmiIdFile.removeStale(file);
        assertFalse(Files.exists(file));
        Path directory = Files.createDirectories(tmp.getRoot().toPath().resolve("dir/.ami_id.json"));
        AmiIdFile.removeStale(directory);
        assertEquals(true, Files.isDirectory(directory));
    }
}
