package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;
import org.jvnet.localizer.Localizable;
import org.jvnet.localizer.LocaleProvider;

/**
 * The hand-written {@link Messages} is what the localizer Maven plugin would generate from Messages.properties: two
 * methods per key, one argument per {@code {n}}; every text formats; and a translation beside the file is used in its
 * locale, as in any Jenkins plugin.
 */
public class MessagesTest {
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    @After
    public void defaultLocale() {
        LocaleProvider.setProvider(LocaleProvider.DEFAULT);
    }

    private static Properties keys() throws Exception {
        Properties keys = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("Messages.properties")) {
            keys.load(in);
        }
        return keys;
    }

    @Test
    public void everyKeyHasItsTwoMethodsAndEveryMethodItsKey() throws Exception {
        Properties keys = keys();
        Set<String> methods = new TreeSet<>();
        for (Method m : Messages.class.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                methods.add(m.getName());
            }
        }
        Set<String> expected = new TreeSet<>();
        for (String key : keys.stringPropertyNames()) {
            String name = key.replace('.', '_');
            expected.add(name);
            expected.add("_" + name);
            int arguments = (int) ARGUMENT.matcher(keys.getProperty(key)).results().map(r -> r.group(1)).distinct().count();
            Class<?>[] types = new Class<?>[arguments];
            Arrays.fill(types, Object.class);
            assertEquals(key, String.class, Messages.class.getDeclaredMethod(name, types).getReturnType());
            assertEquals(key, Localizable.class, Messages.class.getDeclaredMethod("_" + name, types).getReturnType());
        }
        assertEquals(expected, methods);
    }

    /** Every text is a valid MessageFormat pattern; its quotes (written '') come out single, its arguments in place. */
    @Test
    public void everyTextFormats() throws Exception {
        Properties keys = keys();
        for (String key : keys.stringPropertyNames()) {
            String name = key.replace('.', '_');
            Matcher m = ARGUMENT.matcher(keys.getProperty(key));
            int arguments = (int) m.results().map(r -> r.group(1)).distinct().count();
            Object[] values = new Object[arguments];
            Class<?>[] types = new Class<?>[arguments];
            for (int i = 0; i < arguments; i++) {
                values[i] = key.equals("Log.ChangedFiles") && i == 0 ? (Object) 1234 : "<arg" + i + ">";
                types[i] = Object.class;
            }
            String text = (String) Messages.class.getDeclaredMethod(name, types).invoke(null, values);
            assertFalse(key + ": " + text, text.contains("''") || text.contains("{"));
            for (int i = 0; i < arguments; i++) {
                assertTrue(key + ": " + text, text.contains(values[i] instanceof Integer ? "1234" : "<arg" + i + ">"));
            }
        }
        assertEquals("bakeAmi: no credentials with id 'aws-prod' are visible to this build",
                Messages.Credentials_NotFound("bakeAmi", "aws-prod"));
        assertEquals("[bakeAmi] changed since the checksum baked by app#41: 1234 line(s), see the build page",
                Messages.Log_ChangedFiles(1234, "app#41"));
        assertEquals("no Packer installation named 'x' (Manage Jenkins \u2192 Tools \u2192 Packer installations): "
                + "none is configured", Messages.PackerTool_Unknown("x", Messages.PackerTool_NoneConfigured()));
    }

    /** Messages_de.properties (here a test resource) is read for German, the base file for any other locale. */
    @Test
    public void aTranslationBesideTheFileIsUsedInItsLocale() {
        LocaleProvider.setProvider(new LocaleProvider() {
            @Override
            public Locale get() {
                return Locale.GERMANY;
            }
        });
        assertEquals("AMI-Verlauf", Messages.BakeAmiHistoryAction_DisplayName());
        assertEquals("bakeAmi: keine Zugangsdaten mit der ID 'aws-prod' sind f\u00fcr diesen Build sichtbar",
                Messages.Credentials_NotFound("bakeAmi", "aws-prod"));
        assertEquals("not translated: the base text", "Bake AMI", Messages.BakeAmiGlobalConfiguration_DisplayName());
        assertEquals("a Localizable formats in the locale it is asked for", "AMI history",
                Messages._BakeAmiHistoryAction_DisplayName().toString(Locale.ENGLISH));
    }
}
