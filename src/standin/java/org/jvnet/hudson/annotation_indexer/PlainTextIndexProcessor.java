// Build-time tool of the stand-in, never packaged (docs/architecture.md). Written for bakeAmi, not a copy of
// annotation-indexer: annotation-indexer cannot be used from Maven Central (its only version there, 1.4, has a
// parent POM that is not on Central, and writes the old path). This writes the index that
// org.jvnet.hudson.annotation_indexer.AnnotationProcessorImpl (annotation-indexer 1.18, used by real plugin builds)
// writes and that Jenkins reads with org.jvnet.hudson.annotation_indexer.Index (JENKINS-API-FACTS.md §3, §4):
// META-INF/services/annotations/<annotation binary name>, UTF-8, one binary class name per line, sorted, for every
// annotation type that is itself annotated @Indexed (org.jenkinsci.Symbol here). A use on a method or field lists
// its enclosing class, as the real processor does.
package org.jvnet.hudson.annotation_indexer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

@SupportedAnnotationTypes("*")
public final class PlainTextIndexProcessor extends AbstractProcessor {
    private static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";

    /** annotation binary name -> binary names of the classes that use it, gathered over all rounds */
    private final Map<String, SortedSet<String>> uses = new TreeMap<>();
    private final Map<String, List<Element>> origins = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            uses.forEach(this::write);
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            String name = binaryName(annotation);
            for (Element use : round.getElementsAnnotatedWith(annotation)) {
                uses.computeIfAbsent(name, n -> new TreeSet<>()).add(binaryName(classOf(use)));
                origins.computeIfAbsent(name, n -> new ArrayList<>()).add(use);
            }
        }
        return false;
    }

    private boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror meta : annotation.getAnnotationMirrors()) {
            if (binaryName((TypeElement) meta.getAnnotationType().asElement()).equals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    private static TypeElement classOf(Element use) {
        switch (use.getKind()) {
            case METHOD:
            case FIELD:
            case CONSTRUCTOR:
                return (TypeElement) use.getEnclosingElement();
            default:
                return (TypeElement) use;
        }
    }

    private String binaryName(TypeElement type) {
        return processingEnv.getElementUtils().getBinaryName(type).toString();
    }

    private void write(String annotation, SortedSet<String> classes) {
        String path = "META-INF/services/annotations/" + annotation;
        try {
            FileObject out = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", path,
                    origins.get(annotation).toArray(new Element[0]));
            try (Writer w = new OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String c : classes) {
                    w.write(c);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + path + ": " + e);
        }
    }
}
