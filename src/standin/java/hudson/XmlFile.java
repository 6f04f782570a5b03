// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/XmlFile.java. Declares only what bakeAmi's descriptors use (through Descriptor.save and
// load). Behaviour as the real class's for the default build's tests: the object's fields as XStream XML behind the
// same XML declaration (version 1.1, which the JDK's StAX parser reads, as Jenkins' default driver does), and
// unmarshal filling an existing object. The real one uses Jenkins' XStream2 (an XStream with Jenkins' converters and
// class filter) and writes atomically; here a plain XStream that accepts any type.
package hudson;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.io.xml.PrettyPrintWriter;
import com.thoughtworks.xstream.io.xml.StaxDriver;
import com.thoughtworks.xstream.security.AnyTypePermission;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

public final class XmlFile {
    private static final XStream XSTREAM = new XStream(new StaxDriver());

    static {
        XSTREAM.addPermission(AnyTypePermission.ANY);
    }

    private final File file;

    public XmlFile(File file) {
        this.file = file;
    }

    public File getFile() {
        return file;
    }

    public boolean exists() {
        return file.exists();
    }

    public void write(Object o) throws IOException {
        Files.createDirectories(file.getAbsoluteFile().getParentFile().toPath());
        try (Writer w = Files.newBufferedWriter(file.toPath(), StandardCharsets.UTF_8)) {
            w.write("<?xml version='1.1' encoding='UTF-8'?>\n");
            XSTREAM.marshal(o, new PrettyPrintWriter(w));
            w.write('\n');
        }
    }

    public Object unmarshal(Object o) throws IOException {
        try (Reader r = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            return XSTREAM.fromXML(r, o);
        } catch (RuntimeException e) {
            throw new IOException("Unable to read " + file, e);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
