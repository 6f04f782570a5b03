package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import hudson.Extension;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Opens target/bake-ami.hpi as Jenkins would: its layout, both manifests, and the inner jar's classes, index files
 * and views. Runs after packaging (surefire execution hpi-archive, bound to integration-test).
 */
public class HpiArchiveTest {
    /** The brief's target runtime: the manifest must name exactly these (and so nothing newer). */
    private static final Map<String, String> DEPENDENCIES = new LinkedHashMap<>();

    static {
        DEPENDENCIES.put("workflow-step-api", "710.v3e456cc85233");
        DEPENDENCIES.put("workflow-api", "1384.vdc05a_48f535f");
        DEPENDENCIES.put("structs", "353.v261ea_40a_80fb_");
        DEPENDENCIES.put("credentials", "1447.v4cb_b_539b_5321");
        DEPENDENCIES.put("aws-credentials", "254.v978a_5e206a_d7");
        DEPENDENCIES.put("aws-java-sdk2-core", "2.33.4-62.vc1a_8df64b_4c9");
        DEPENDENCIES.put("aws-java-sdk2-ec2", "2.33.4-62.vc1a_8df64b_4c9");
        // carries jackson-databind 2.20.1, which the plugin compiles against (provided) and never bundles
        DEPENDENCIES.put("jackson2-api", "2.20.1-423.v13951f6b_6532");
        DEPENDENCIES.put("plain-credentials", "199.v9f8e1f741799");
    }

    private static final String[] FIELDS = {"Manifest-Version", "Specification-Title", "Specification-Version",
        "Implementation-Title", "Implementation-Version", "Group-Id", "Artifact-Id", "Short-Name", "Long-Name", "Url",
        "Plugin-Version", "Hudson-Version", "Jenkins-Version", "Plugin-Dependencies", "Plugin-Developers",
        "Plugin-License-Name", "Plugin-License-Url", "Plugin-ScmConnection", "Plugin-ScmTag", "Plugin-ScmUrl"};

    private static File hpi;
    private static byte[] innerJar;
    private static Map<String, byte[]> innerEntries;

    @BeforeClass
    public static void open() throws IOException {
        String path = System.getProperty("bakeami.hpi");
        // Set only by the hpi-archive execution, which runs after packaging; a -Dtest run in the test phase skips.
        Assume.assumeNotNull(path);
        hpi = new File(path);
        assertTrue(hpi + " is missing: it is built by mvn package (standin profile)", hpi.isFile());
        try (ZipFile zip = new ZipFile(hpi)) {
            ZipEntry jar = zip.getEntry("WEB-INF/lib/bake-ami.jar");
            assertNotNull("WEB-INF/lib/bake-ami.jar", jar);
            try (InputStream in = zip.getInputStream(jar)) {
                innerJar = in.readAllBytes();
            }
        }
        innerEntries = new TreeMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(innerJar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                innerEntries.put(e.getName(), in.readAllBytes());
            }
        }
    }

    @Test
    public void archiveLayoutIsManifestFirstThenThePluginJarOnly() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(hpi)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
        }
        assertEquals(List.of("META-INF/MANIFEST.MF", "WEB-INF/lib/bake-ami.jar"), names);
    }

    @Test
    public void outerManifestIsThePluginManifest() throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(hpi.toPath()))) {
            assertPluginManifest(in.getManifest());
        }
    }

    @Test
    public void innerJarManifestIsThePluginManifestToo() throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(innerJar))) {
            Manifest inner = in.getManifest();
            assertPluginManifest(inner);
            try (JarInputStream outer = new JarInputStream(Files.newInputStream(hpi.toPath()))) {
                for (String field : FIELDS) {
                    assertEquals(field, outer.getManifest().getMainAttributes().getValue(field),
                            inner.getMainAttributes().getValue(field));
                }
            }
        }
    }

    private static void assertPluginManifest(Manifest manifest) {
        assertNotNull("manifest", manifest);
        Attributes main = manifest.getMainAttributes();
        for (String field : FIELDS) {
            assertNotNull(field, main.getValue(field));
        }
        assertEquals("bake-ami", main.getValue("Short-Name"));
        assertEquals("bake-ami", main.getValue("Artifact-Id"));
        assertEquals("io.jenkins.plugins", main.getValue("Group-Id"));
        assertEquals("Bake AMI Plugin", main.getValue("Long-Name"));
        assertEquals("2.528.1", main.getValue("Jenkins-Version"));
        assertEquals("2.528.1", main.getValue("Hudson-Version"));
        assertFalse(main.getValue("Plugin-Version").isEmpty());
        assertEquals(main.getValue("Implementation-Version"), main.getValue("Plugin-Version"));
        assertTrue(main.getValue("Url").startsWith("https://"));
        Map<String, String> dependencies = new LinkedHashMap<>();
        for (String dependency : main.getValue("Plugin-Dependencies").split(",")) {
            String[] nameVersion = dependency.split(":", 2);
            assertEquals("no optional dependency, no space: " + dependency, dependency.trim(), dependency);
            assertFalse(dependency, nameVersion[1].contains(";"));
            dependencies.put(nameVersion[0], nameVersion[1]);
        }
        assertEquals(DEPENDENCIES, dependencies);
        assertEquals(null, main.getValue("Plugin-Class"));
    }

    @Test
    public void innerJarHoldsOnlyThePluginsOwnClasses() {
        int classes = 0;
        for (String name : innerEntries.keySet()) {
            assertFalse("no jar inside the plugin jar: " + name, name.endsWith(".jar"));
            if (name.startsWith("META-INF/") || name.equals("index.jelly") || name.endsWith("/")) {
                continue;
            }
            assertTrue("only io/jenkins/plugins/bakeami/: " + name, name.startsWith("io/jenkins/plugins/bakeami/"));
            assertFalse("no CLI or emulator: " + name, name.startsWith("io/jenkins/plugins/bakeami/tools/"));
            if (name.endsWith(".class")) {
                classes++;
            }
        }
        assertTrue(innerEntries.containsKey("io/jenkins/plugins/bakeami/BakeAmiStep.class"));
        assertTrue(innerEntries.containsKey("io/jenkins/plugins/bakeami/BakeAmiBuilder.class"));
        assertTrue("plugin classes: " + classes, classes >= 15);
        for (String name : innerEntries.keySet()) {
            assertFalse(name, name.startsWith("META-INF/services/javax.annotation.processing"));
        }
    }

    /** Jackson comes from the jackson2-api plugin at run time: two copies would clash in Jenkins' class loaders. */
    @Test
    public void noJacksonClassIsBundled() throws IOException {
        for (String name : innerEntries.keySet()) {
            assertFalse(name, name.startsWith("com/fasterxml/") || name.contains("jackson"));
        }
        try (ZipFile zip = new ZipFile(hpi)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                assertFalse(name, name.contains("jackson"));
            }
        }
    }

    @Test
    public void extensionIndexIsSezPozBinaryListingEveryDescriptor() throws Exception {
        byte[] index = innerEntries.get("META-INF/annotations/hudson.Extension");
        assertNotNull("META-INF/annotations/hudson.Extension", index);
        assertArrayEquals(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}, java.util.Arrays.copyOf(index, 4));
        Path jar = Files.createTempFile("bake-ami", ".jar");
        try {
            Files.write(jar, innerJar);
            TreeSet<String> listed = new TreeSet<>();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
                // SezPoz reads the binary index the way Jenkins does (ExtensionFinder.Sezpoz).
                for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                    listed.add(item.className());
                }
            }
            assertEquals(new TreeSet<>(List.of("io.jenkins.plugins.bakeami.BakeAmiBuilder$DescriptorImpl",
                    "io.jenkins.plugins.bakeami.BakeAmiGlobalConfiguration",
                    "io.jenkins.plugins.bakeami.BakeAmiHistoryAction$Factory",
                    "io.jenkins.plugins.bakeami.BakeAmiStep$DescriptorImpl",
                    "io.jenkins.plugins.bakeami.PackerInstallation$DescriptorImpl",
                    "io.jenkins.plugins.bakeami.PruneAmisStep$DescriptorImpl")), listed);
        } finally {
            Files.delete(jar);
        }
        String txt = text("META-INF/annotations/hudson.Extension.txt");
        assertTrue(txt, txt.contains("io.jenkins.plugins.bakeami.BakeAmiStep$DescriptorImpl\n"));
    }

    /** bakeAmiBuilder (Job DSL, JCasC), bakeAmi (JCasC's unclassified section), packer (tools blocks, JCasC's tool). */
    @Test
    public void symbolIndexIsAnnotationIndexerPlainText() {
        assertEquals("io.jenkins.plugins.bakeami.BakeAmiBuilder$DescriptorImpl\n"
                + "io.jenkins.plugins.bakeami.BakeAmiGlobalConfiguration\n"
                + "io.jenkins.plugins.bakeami.PackerInstallation$DescriptorImpl\n",
                text("META-INF/services/annotations/org.jenkinsci.Symbol"));
    }

    /**
     * {@code @ExportedBean} is an annotation-indexer {@code @Indexed} annotation: the real build lists its classes in
     * META-INF/services/annotations/org.kohsuke.stapler.export.ExportedBean, and stapler's ExportedBeanAnnotationProcessor
     * writes META-INF/exposed.stapler-beans and the getters' javadoc (shown on the REST API's help page).
     */
    @Test
    public void exportedBeanIndexNamesTheActionsAndThePruneSummary() {
        assertEquals("io.jenkins.plugins.bakeami.BakeAmiAction\n"
                + "io.jenkins.plugins.bakeami.BakeAmiHistory$Row\n"
                + "io.jenkins.plugins.bakeami.BakeAmiHistoryAction\n"
                + "io.jenkins.plugins.bakeami.PruneSummary\n",
                text("META-INF/services/annotations/org.kohsuke.stapler.export.ExportedBean"));
        // as stapler's processor writes it: canonical names
        assertEquals("io.jenkins.plugins.bakeami.BakeAmiAction\n"
                + "io.jenkins.plugins.bakeami.BakeAmiHistory.Row\n"
                + "io.jenkins.plugins.bakeami.BakeAmiHistoryAction\n"
                + "io.jenkins.plugins.bakeami.PruneSummary\n", text("META-INF/exposed.stapler-beans"));
        assertTrue(text("io/jenkins/plugins/bakeami/BakeAmiAction.javadoc").contains("getPhaseMillis="));
        assertTrue(text("io/jenkins/plugins/bakeami/PruneSummary.javadoc").contains("getDeleted="));
    }

    @Test
    public void staplerFilesNameConstructorAndQueryParameters() {
        for (String describable : new String[] {"BakeAmiStep", "BakeAmiBuilder", "PruneAmisStep"}) {
            String base = "io/jenkins/plugins/bakeami/" + describable;
            assertTrue(text(base + ".stapler").contains("constructor=template"));
            assertTrue(text(base + "/DescriptorImpl/doCheckRegion.stapler").contains("value"));
            assertEquals("item,credentialsId",
                    text(base + "/DescriptorImpl/doFillCredentialsIdItems.stapler").trim());
        }
    }

    @Test
    public void parameterNamesAreCompiledIn() throws NoSuchMethodException {
        assertEquals("template", BakeAmiStep.class.getConstructor(String.class).getParameters()[0].getName());
        assertEquals("template", BakeAmiBuilder.class.getConstructor(String.class).getParameters()[0].getName());
    }

    @Test
    public void viewsAndHelpAreInTheClassResourceFolders() {
        assertTrue(text("index.jelly").startsWith("<?jelly escape-by-default='true'?>"));
        for (String describable : new String[] {"BakeAmiStep", "BakeAmiBuilder", "PruneAmisStep"}) {
            String base = "io/jenkins/plugins/bakeami/" + describable + "/";
            assertTrue(text(base + "config.jelly").startsWith("<?jelly escape-by-default='true'?>"));
            assertNotNull(innerEntries.get(base + "help.html"));
            assertNotNull(innerEntries.get(base + "help-template.html"));
        }
        assertTrue(text("io/jenkins/plugins/bakeami/BakeAmiGlobalConfiguration/config.jelly")
                .startsWith("<?jelly escape-by-default='true'?>"));
        assertTrue(text("io/jenkins/plugins/bakeami/PackerInstallation.stapler").contains("constructor=name,home,properties"));
        for (String view : new String[] {"index.jelly", "floatingBox.jelly", "chart.jelly"}) {
            assertNotNull(view, innerEntries.get("io/jenkins/plugins/bakeami/BakeAmiHistoryAction/" + view));
        }
        assertNotNull(innerEntries.get("io/jenkins/plugins/bakeami/BakeAmiAction/summary.jelly"));
        assertNotNull(innerEntries.get("io/jenkins/plugins/bakeami/BakeAmiAction/index.jelly"));
    }

    private static String text(String entry) {
        byte[] bytes = innerEntries.get(entry);
        if (bytes == null) {
            fail(entry + " is not in the plugin jar");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
