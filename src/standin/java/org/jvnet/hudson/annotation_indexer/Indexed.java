// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/lib-annotation-indexer
// src/main/java/org/jvnet/hudson/annotation_indexer/Indexed.java. Its own member type (Validator) is not used by
// bakeAmi; the member is left out.
package org.jvnet.hudson.annotation_indexer;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

@Documented
@Retention(RUNTIME)
@Target(ANNOTATION_TYPE)
public @interface Indexed {
}
