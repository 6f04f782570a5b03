package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every field of each config.jelly binds to a @DataBoundConstructor parameter or a @DataBoundSetter, every such
 * property has a field (so the snippet generator can produce every option), and every field has its help file.
 */
public class ConfigJellyTest {
    private static final Pattern INSTANCE_GETTER = Pattern.compile("\\$\\{instance\\.(\\w+)}");

    @Test
    public void stepFormMatchesItsProperties() throws Exception {
        assertFormMatches(BakeAmiStep.class);
    }

    @Test
    public void builderFormMatchesItsProperties() throws Exception {
        assertFormMatches(BakeAmiBuilder.class);
    }

    @Test
    public void pruneStepFormMatchesItsProperties() throws Exception {
        assertFormMatches(PruneAmisStep.class);
    }

    /** Manage Jenkins → System, "Bake AMI": a section of the system page, so no whole-form help.html. */
    @Test
    public void globalConfigurationFormMatchesItsProperties() throws Exception {
        assertFormMatches(BakeAmiGlobalConfiguration.class, false);
    }

    @Test
    public void stepAndBuilderHaveTheSameOptions() {
        assertEquals(properties(BakeAmiStep.class), properties(BakeAmiBuilder.class));
    }

    private static void assertFormMatches(Class<?> describable) throws Exception {
        assertFormMatches(describable, true);
    }

    private static void assertFormMatches(Class<?> describable, boolean wholeFormHelp) throws Exception {
        Set<String> fields = new TreeSet<>();
        Document form;
        try (InputStream in = describable.getResourceAsStream(describable.getSimpleName() + "/config.jelly")) {
            assertNotNull(describable.getSimpleName() + "/config.jelly", in);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            form = factory.newDocumentBuilder().parse(in);
        }
        NodeList entries = form.getElementsByTagNameNS("/lib/form", "entry");
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            String field = entry.getAttribute("field");
            assertTrue("every entry binds a field", !field.isEmpty());
            assertTrue("field " + field + " twice", fields.add(field));
            NodeList inputs = entry.getElementsByTagName("*");
            for (int j = 0; j < inputs.getLength(); j++) {
                Matcher m = INSTANCE_GETTER.matcher(((Element) inputs.item(j)).getAttribute("value"));
                if (m.matches()) {
                    String getter = "get" + m.group(1).substring(0, 1).toUpperCase(Locale.ROOT) + m.group(1).substring(1);
                    assertPublicMethod(describable, getter);
                }
            }
            String help = describable.getSimpleName() + "/help-" + field + ".html";
            assertNotNull(help, describable.getResource(help));
        }
        assertEquals(properties(describable), fields);
        if (wholeFormHelp) {
            assertNotNull(describable.getResource(describable.getSimpleName() + "/help.html"));
        }
    }

    private static void assertPublicMethod(Class<?> type, String name) {
        try {
            type.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError("the form reads ${instance." + name + "...}, but " + type.getSimpleName()
                    + " has no public " + name + "()", e);
        }
    }

    /** The data-bound properties, as Stapler and the snippet generator see them. */
    private static Set<String> properties(Class<?> describable) {
        Set<String> names = new TreeSet<>();
        for (Constructor<?> c : describable.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    assertTrue("compiled with -parameters", p.isNamePresent());
                    names.add(p.getName());
                }
            }
        }
        for (Method m : describable.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                assertTrue(m.getName(), m.getName().startsWith("set") && m.getParameterCount() == 1);
                String name = m.getName().substring(3, 4).toLowerCase(Locale.ROOT) + m.getName().substring(4);
                names.add(name);
                // a getter of the same name and type, for the form and the snippet generator
                String prefix = m.getParameterTypes()[0] == boolean.class ? "is" : "get";
                try {
                    assertEquals(m.getGenericParameterTypes()[0],
                            describable.getMethod(prefix + m.getName().substring(3)).getGenericReturnType());
                } catch (NoSuchMethodException e) {
                    throw new AssertionError("no getter for " + name, e);
                }
            }
        }
        return names;
    }
}
