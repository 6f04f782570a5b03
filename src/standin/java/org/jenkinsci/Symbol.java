// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/structs-plugin
// annotation/src/main/java/org/jenkinsci/Symbol.java and JENKINS-API-FACTS.md §4 (shipped in core's war as
// symbol-annotation). It is annotation-indexer @Indexed: indexed as plain text in
// META-INF/services/annotations/org.jenkinsci.Symbol, not by SezPoz.
package org.jenkinsci;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.jvnet.hudson.annotation_indexer.Indexed;

@Indexed
@Retention(RUNTIME)
@Target({TYPE})
@Documented
public @interface Symbol {
    String[] value();
}
