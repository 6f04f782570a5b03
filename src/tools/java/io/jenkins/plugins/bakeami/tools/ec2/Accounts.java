package io.jenkins.plugins.bakeami.tools.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which account an access key id belongs to, and the owner aliases ({@code amazon}) that {@code Owners} accepts.
 *
 * <p>An access key that was not mapped gets a deterministic 12-digit account derived from the key (the same key is
 * always the same account, across restarts), so Packer and the demo work with any test key. In strict mode an
 * unmapped key is refused with {@code AuthFailure}, as EC2 refuses a key it does not know.
 */
public final class Accounts {
    /** The account EC2 shows as the owner of Amazon's public images (owner alias {@code amazon}). */
    public static final String AMAZON = "137112412989";

    private final Map<String, String> byAccessKey = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private volatile boolean strict;

    public Accounts() {
        aliases.put("amazon", AMAZON);
    }

    /** Maps an access key id to a 12-digit account id. */
    public Accounts map(String accessKeyId, String accountId) {
        if (accountId == null || !accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
        }
        byAccessKey.put(accessKeyId, accountId);
        return this;
    }

    /** In strict mode only mapped access keys are accepted. */
    public Accounts strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    /** Adds an owner alias such as {@code amazon} or {@code aws-marketplace}. */
    public Accounts alias(String alias, String accountId) {
        aliases.put(alias, accountId);
        return this;
    }

    /** The account of an access key: mapped, else derived (or refused in strict mode). */
    public String accountFor(String accessKeyId) {
        String mapped = byAccessKey.get(accessKeyId);
        if (mapped != null) {
            return mapped;
        }
        if (strict) {
            throw new Ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
        }
        return derivedAccount(accessKeyId);
    }

    /** The deterministic account of an unmapped key: 12 digits from the SHA-256 of the key. */
    public static String derivedAccount(String accessKeyId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessKeyId.getBytes(StandardCharsets.UTF_8));
            long n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | (hash[i] & 0xff);
            }
            return String.format(Locale.ROOT, "%012d", Math.floorMod(n, 1_000_000_000_000L));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The account an owner alias stands for, or null when it is no alias. */
    String aliasAccount(String alias) {
        return aliases.get(alias);
    }

    /** The alias EC2 shows for an owner account ({@code imageOwnerAlias}), or null. */
    String aliasOf(String accountId) {
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            if (e.getValue().equals(accountId)) {
                return e.getKey();
            }
        }
        return null;
    }
}
