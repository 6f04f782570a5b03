package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class SecretMaskerTest {

    @Test
    public void masksEveryOccurrence() {
        SecretMasker m = new SecretMasker(List.of("s3cr3t"));
        assertEquals("key=**** again **** end", m.mask("key=s3cr3t again s3cr3t end"));
        assertEquals("nothing here", m.mask("nothing here"));
        assertNull(m.mask(null));
    }

    @Test
    public void longerSecretsFirstSoNoneIsHalfShown() {
        SecretMasker m = new SecretMasker(List.of("abc", "abcdef"));
        assertEquals("x **** y ****", m.mask("x abcdef y abc"));
    }

    @Test
    public void masksTheFormPackerEscapesASecretInto() {
        SecretMasker m = new SecretMasker(List.of("pa,ss\nword"));
        assertEquals("1,,ui,message,    null: ****", m.mask("1,,ui,message,    null: pa%!(PACKER_COMMA)ss\\nword"));
        assertEquals("****", m.mask("pa,ss\nword"));
    }

    @Test
    public void ignoresEmptyAndNullSecrets() {
        SecretMasker m = new SecretMasker(Arrays.asList("", null));
        assertEquals("unchanged", m.mask("unchanged"));
    }
}
