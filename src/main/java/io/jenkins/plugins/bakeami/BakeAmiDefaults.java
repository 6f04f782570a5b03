package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BaseImagePolicy;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.lifecycle.Ages;
import io.jenkins.plugins.bakeami.engine.lifecycle.RetentionPolicy;
import io.jenkins.plugins.bakeami.engine.checksum.LineEndings;
import io.jenkins.plugins.bakeami.engine.packer.OnError;
import io.jenkins.plugins.bakeami.engine.packer.PackerInit;
import java.util.Arrays;
import java.util.List;

/** The default of every option, shared by the pipeline step, the freestyle builder and their forms. */
public final class BakeAmiDefaults {
    /** The seed's checksum: existing ami-bakery users find their AMIs again. */
    public static final String CHECKSUM_MODE = ChecksumMode.DEFAULT.getName();
    /** The improved checksum: renames, exec bits, template, variables. */
    public static final String CHECKSUM_MODE_STRICT = ChecksumMode.STRICT.getName();
    /** What the checksum mode drop-down offers, default first: the engine's modes. */
    public static final List<String> CHECKSUM_MODES = Arrays.stream(ChecksumMode.values()).map(ChecksumMode::getName)
            .sorted((a, b) -> a.equals(CHECKSUM_MODE) ? -1 : b.equals(CHECKSUM_MODE) ? 1 : 0).toList();

    /** The seed's tag. */
    public static final String TAG_KEY = "ami_config_checksum";
    /** Only AMIs of the caller's own account: another account's tag must never select an AMI. */
    public static final List<String> OWNERS = List.of("self");
    /** The seed's output file, relative to the workspace. */
    public static final String AMI_ID_FILE = ".ami_id.json";
    public static final String PACKER_PATH = "packer";
    public static final boolean ARCHIVE = true;
    /** 0: no limit of our own (Jenkins' timeout step is the usual tool). */
    public static final int TIMEOUT_MINUTES = 0;
    /** bakeAmi's {@code keep}: 0, no pruning after the bake. */
    public static final int KEEP = 0;
    /** Retention keeps AMIs younger than this, as the options spell it: {@code 7d}. */
    public static final String MIN_AGE = Ages.format(RetentionPolicy.DEFAULT_MIN_AGE);

    /** Follow the template's source image; AMIs without a source tag (the seed's) are still reused. */
    public static final String BASE_IMAGE = BaseImagePolicy.TRACK.getName();
    /** What the base image drop-down offers, default first: the engine's policies. */
    public static final List<String> BASE_IMAGES = Arrays.stream(BaseImagePolicy.values())
            .map(BaseImagePolicy::getName).toList();
    public static final String SOURCE_TAG_KEY = BakeRequest.DEFAULT_SOURCE_TAG_KEY;
    public static final boolean REPAIR_REGIONS = true;

    /** Issue 15: the strict checksum's reading of text files, Packer's on-error, packer init. */
    public static final String LINE_ENDINGS = LineEndings.DEFAULT.getName();
    public static final List<String> LINE_ENDINGS_VALUES = Arrays.stream(LineEndings.values())
            .map(LineEndings::getName).toList();
    public static final String ON_ERROR = OnError.CLEANUP.getName();
    public static final List<String> ON_ERROR_VALUES = Arrays.stream(OnError.values()).map(OnError::getName).toList();
    public static final String INIT = PackerInit.AUTO.getName();
    public static final List<String> INIT_VALUES = Arrays.stream(PackerInit.values()).map(PackerInit::getName).toList();

    /** Step environment variables read when the option is not given (as the AWS CLI and SDKs name them). */
    public static final List<String> REGION_VARIABLES = List.of("AWS_REGION", "AWS_DEFAULT_REGION");
    public static final List<String> ENDPOINT_VARIABLES = List.of("AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL");

    private BakeAmiDefaults() {
    }
}
