// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Item.java (2.528.1: extends PersistenceRoot, SearchableModelObject,
// AccessControlled, OnMaster). Only AccessControlled is on bakeAmi's path (hasPermission); the permissions are the
// real ones by name and type, their values are not modelled (null is not a constant, so nothing is inlined).
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends AccessControlled {
    Permission CONFIGURE = null;
    Permission EXTENDED_READ = null;
}
