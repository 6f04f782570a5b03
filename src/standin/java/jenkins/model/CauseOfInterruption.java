// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/model/CauseOfInterruption.java (2.528.1: @ExportedBean, abstract, Serializable, its
// one abstract member getShortDescription). Declares that member only; its print(TaskListener) and UserInterruption
// are not used by bakeAmi.
package jenkins.model;

import java.io.Serializable;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

@ExportedBean
public abstract class CauseOfInterruption implements Serializable {
    @Exported
    public abstract String getShortDescription();

    private static final long serialVersionUID = 1L;
}
