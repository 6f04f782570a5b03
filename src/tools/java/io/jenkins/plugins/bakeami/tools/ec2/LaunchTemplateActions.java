package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CreateLaunchTemplate, CreateLaunchTemplateVersion, DescribeLaunchTemplateVersions, DeleteLaunchTemplate. The
 * launch template data keeps {@code ImageId}, {@code InstanceType} and {@code KeyName}; other data fields are
 * accepted and not kept. Without a template id or name, DescribeLaunchTemplateVersions lists the {@code $Latest}
 * and/or {@code $Default} versions of every launch template of the account, as EC2 does.
 */
final class LaunchTemplateActions {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    private static final String LATEST = "$Latest";
    private static final String DEFAULT = "$Default";
    private static final Pages.Limits VERSIONS = new Pages.Limits(1, 200, false);

    private static final FilterFields<LaunchTemplate.Version> FILTERS = new FilterFields<LaunchTemplate.Version>(null)
            .field("image-id", v -> v.imageId)
            .field("instance-type", v -> v.instanceType)
            .field("is-default-version", LaunchTemplate.Version::isDefault)
            .field("key-name", v -> v.keyName);

    private LaunchTemplateActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("CreateLaunchTemplate", LaunchTemplateActions::createLaunchTemplate);
        actions.put("CreateLaunchTemplateVersion", LaunchTemplateActions::createLaunchTemplateVersion);
        actions.put("DescribeLaunchTemplateVersions", LaunchTemplateActions::describeLaunchTemplateVersions);
        actions.put("DeleteLaunchTemplate", LaunchTemplateActions::deleteLaunchTemplate);
    }

    static void createLaunchTemplate(Request r, XmlWriter xml) {
        RegionState region = r.here();
        String name = r.params.required("LaunchTemplateName");
        r.checkTagSpecificationTypes("launch-template");
        if (!NAME.matcher(name).matches()) {
            throw Ec2Error.of("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3"
                    + " and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'");
        }
        for (LaunchTemplate other : region.launchTemplates.values()) {
            if (other.ownerId.equals(r.account) && other.name.equals(name)) {
                throw Ec2Error.of("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in"
                        + " use.");
            }
        }
        QueryParams data = r.params.scope("LaunchTemplateData");
        checkImage(data.get("ImageId"));
        LaunchTemplate template = new LaunchTemplate(r.newId("lt"), r.account, name, r.instant());
        addVersion(r, template, data, null);
        region.launchTemplates.put(template.id, template);
        r.applyTagSpecifications("launch-template", List.of(template));
        writeTemplate(xml, template, r.account);
        writeWarning(xml, r, data.get("ImageId"));
    }

    static void createLaunchTemplateVersion(Request r, XmlWriter xml) {
        LaunchTemplate template = named(r);
        QueryParams data = r.params.scope("LaunchTemplateData");
        checkImage(data.get("ImageId"));
        LaunchTemplate.Version source = null;
        String sourceVersion = r.params.get("SourceVersion");
        if (sourceVersion != null && !sourceVersion.isEmpty()) {
            source = resolve(template, sourceVersion);
            if (source == null) {
                throw Ec2Error.of("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch template version "
                        + sourceVersion + " for launch template " + template.id + ".");
            }
        }
        LaunchTemplate.Version version = addVersion(r, template, data, source);
        xml.start("launchTemplateVersion");
        writeVersionFields(xml, version);
        xml.end();
        writeWarning(xml, r, data.get("ImageId"));
    }

    static void describeLaunchTemplateVersions(Request r, XmlWriter xml) {
        RegionState region = r.here();
        QueryParams p = r.params;
        List<String> versions = p.list("LaunchTemplateVersion");
        Filters wanted = Filters.parse(p).checkedAgainst(FILTERS);
        boolean oneTemplate = has(p, "LaunchTemplateId") || has(p, "LaunchTemplateName");
        List<LaunchTemplate> templates = new ArrayList<>();
        if (oneTemplate) {
            templates.add(named(r));
        } else {
            if (versions.isEmpty() || has(p, "MinVersion") || has(p, "MaxVersion")
                    || !List.of(LATEST, DEFAULT).containsAll(versions)) {
                throw Ec2Error.invalidParameterCombination("To describe versions of all launch templates, specify only"
                        + " $Latest and/or $Default; to describe other versions, specify a launch template.");
            }
            for (LaunchTemplate t : region.launchTemplates.values()) {
                if (t.ownerId.equals(r.account)) {
                    templates.add(t);
                }
            }
        }
        Long min = versionNumber(p.get("MinVersion"), "MinVersion");
        Long max = versionNumber(p.get("MaxVersion"), "MaxVersion");
        List<LaunchTemplate.Version> matching = new ArrayList<>();
        for (LaunchTemplate t : templates) {
            for (LaunchTemplate.Version v : t.versions) {
                boolean named = versions.isEmpty();
                for (String wantedVersion : versions) {
                    named |= resolve(t, wantedVersion) == v;
                }
                boolean inRange = (min == null || v.number >= min) && (max == null || v.number <= max);
                if (named && inRange && wanted.matches(v, FILTERS, r.account)) {
                    matching.add(v);
                }
            }
        }
        if (oneTemplate) {
            for (String wantedVersion : versions) {
                if (resolve(templates.get(0), wantedVersion) == null) {
                    throw Ec2Error.of("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch template"
                            + " version " + wantedVersion + " for launch template " + templates.get(0).id + ".");
                }
            }
        }
        Pages.Page<LaunchTemplate.Version> page = Pages.page(matching, LaunchTemplate.Version::sortKey, p,
                "DescribeLaunchTemplateVersions", VERSIONS);
        xml.start("launchTemplateVersionSet");
        for (LaunchTemplate.Version v : page.items) {
            xml.start("item");
            writeVersionFields(xml, v);
            xml.end();
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
    }

    static void deleteLaunchTemplate(Request r, XmlWriter xml) {
        LaunchTemplate template = named(r);
        r.here().launchTemplates.remove(template.id);
        writeTemplate(xml, template, r.account);
    }

    /** The caller's template named by {@code LaunchTemplateId} or {@code LaunchTemplateName} (not both). */
    private static LaunchTemplate named(Request r) {
        String id = r.params.get("LaunchTemplateId");
        String name = r.params.get("LaunchTemplateName");
        if (has(r.params, "LaunchTemplateId") && has(r.params, "LaunchTemplateName")) {
            throw Ec2Error.invalidParameterCombination("Specify the launch template ID or the launch template name,"
                    + " but not both.");
        }
        if (!has(r.params, "LaunchTemplateId") && !has(r.params, "LaunchTemplateName")) {
            throw Ec2Error.missingParameter("LaunchTemplateId");
        }
        for (LaunchTemplate t : r.here().launchTemplates.values()) {
            if (t.ownerId.equals(r.account) && (t.id.equals(id) || t.name.equals(name))) {
                return t;
            }
        }
        if (id != null && !id.isEmpty()) {
            if (!Ids.wellFormed(id, "lt")) {
                throw Ec2Error.of("InvalidLaunchTemplateId.Malformed", "The specified ID for the launch template is"
                        + " not valid: " + id);
            }
            throw Ec2Error.of("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                    + id + ", does not exist.");
        }
        throw Ec2Error.of("InvalidLaunchTemplateName.NotFoundException", "The specified launch template, with"
                + " template name " + name + ", does not exist.");
    }

    private static LaunchTemplate.Version addVersion(Request r, LaunchTemplate template, QueryParams data,
            LaunchTemplate.Version source) {
        LaunchTemplate.Version version = new LaunchTemplate.Version(template, template.versions.size() + 1L,
                r.params.get("VersionDescription"), r.instant(),
                data.get("ImageId", source == null ? null : source.imageId),
                data.get("InstanceType", source == null ? null : source.instanceType),
                data.get("KeyName", source == null ? null : source.keyName));
        template.versions.add(version);
        return version;
    }

    /** {@code $Latest}, {@code $Default} or a version number; null when the template has no such version. */
    private static LaunchTemplate.Version resolve(LaunchTemplate template, String version) {
        if (LATEST.equals(version)) {
            return template.latest();
        }
        if (DEFAULT.equals(version)) {
            return template.version(template.defaultVersion);
        }
        Long number = versionNumber(version, "LaunchTemplateVersion");
        return number == null ? null : template.version(number);
    }

    private static Long versionNumber(String value, String parameter) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue(value, parameter);
        }
    }

    /** EC2 refuses a malformed image id; an image it cannot find is only a warning in the answer. */
    private static void checkImage(String imageId) {
        if (imageId != null && imageId.startsWith("ami-") && !Ids.wellFormed(imageId, "ami")) {
            throw Ec2Error.of("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
        }
    }

    private static void writeWarning(XmlWriter xml, Request r, String imageId) {
        if (imageId == null || !imageId.startsWith("ami-")) {
            return;
        }
        Image image = r.here().images.get(imageId);
        if (image == null || !image.visibleTo(r.account)) {
            xml.start("warning").start("errorSet").start("item").element("code", "InvalidAMIID.NotFound")
                    .element("message", "The image id '[" + imageId + "]' does not exist").end().end().end();
        }
    }

    private static void writeTemplate(XmlWriter xml, LaunchTemplate template, String viewer) {
        xml.start("launchTemplate");
        xml.element("launchTemplateId", template.id);
        xml.element("launchTemplateName", template.name);
        xml.element("createTime", template.createTime);
        xml.element("createdBy", template.createdBy());
        xml.element("defaultVersionNumber", template.defaultVersion);
        xml.element("latestVersionNumber", template.latest().number);
        template.tags.writeTagSet(xml, viewer);
        xml.end();
    }

    private static void writeVersionFields(XmlWriter xml, LaunchTemplate.Version v) {
        xml.element("launchTemplateId", v.template.id);
        xml.element("launchTemplateName", v.template.name);
        xml.element("versionNumber", v.number);
        xml.element("versionDescription", v.description);
        xml.element("createTime", v.createTime);
        xml.element("createdBy", v.template.createdBy());
        xml.element("defaultVersion", v.isDefault());
        xml.start("launchTemplateData");
        xml.element("imageId", v.imageId);
        xml.element("instanceType", v.instanceType);
        xml.element("keyName", v.keyName);
        xml.end();
    }

    private static boolean has(QueryParams p, String name) {
        String value = p.get(name);
        return value != null && !value.isEmpty();
    }
}
