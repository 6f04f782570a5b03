package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The engine's view of {@link EmulatorFixture}: requests for its workspace, keys and emulator, and a bakery whose log
 * the test reads (and may react to, line by line). Tests that run Packer say so with {@code RequiredTools.requirePacker()}.
 */
final class BakeFixture extends EmulatorFixture {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    /** Told of every log line as the bake writes it, after it was kept in {@link #log}. */
    volatile Consumer<String> onLogLine = line -> { };

    /** ami/packer.json plus ami/files/*, the seed's layout. */
    Path writeJsonDefinition(String provisionerCommand, String extraBuilderFields) throws IOException {
        return writeDefinition("ami", provisionerCommand, extraBuilderFields);
    }

    /** A request for the fixture's workspace, keys and endpoint; Packer polls fast. */
    BakeRequest.Builder request(String template) {
        return BakeRequest.builder(workspace.toString())
                .template(template)
                .region(REGION)
                .keys(new AwsKeys(ACCESS_KEY, SECRET_KEY, null))
                .endpoint(emulator.endpoint().toString())
                .environment(packerEnvironment())
                .gracePeriod(Duration.ofSeconds(60));
    }

    Bakery bakery() {
        return new Bakery(line -> {
            log.add(line);
            onLogLine.accept(line);
        }, PackerTestEnvironment.fastEc2Limits());
    }

    String logText() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }
}
