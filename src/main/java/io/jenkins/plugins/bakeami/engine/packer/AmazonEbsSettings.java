package io.jenkins.plugins.bakeami.engine.packer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the bake needs to know of a template's amazon-ebs builders before Packer runs, evaluated with the bake's
 * variables as Packer would evaluate them: the source image ({@code source_ami}, {@code source_ami_filter}), the
 * copy regions ({@code ami_regions}), the copies' encryption ({@code encrypt_boot}, {@code region_kms_key_ids}) and
 * whether the copies get launch permissions. Reads legacy JSON templates ({@code builders}, {@code {{user `x`}}}),
 * HCL2 files ({@code source "amazon-ebs" "NAME"} blocks used by a {@code build}, {@code var.x}) and their JSON form.
 *
 * <p>This is no evaluator of Packer templates: literals, lists, objects and variables are understood; anything else
 * is an {@link UnevaluableException} that quotes it and says where it stands.
 */
public final class AmazonEbsSettings {
    private static final String TYPE = "amazon-ebs";
    private static final List<String> LAUNCH_PERMISSIONS = List.of("ami_users", "ami_groups", "snapshot_users",
            "snapshot_groups");
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    /** What the bake gives the template, as Packer gets it. */
    public record Inputs(Map<String, String> vars, List<Path> varFiles, Map<String, String> environment,
            Map<String, String> knownLater, List<String> only) {
    }

    /** How a copy to another region is to be encrypted: {@code kmsKeyId} null for the region's default key. */
    public record CopyEncryption(boolean encrypted, String kmsKeyId) {
    }

    private record Source(String name, Map<String, TemplateExpr> attributes) {
    }

    private final List<Source> sources;
    private final VariableValues variables;

    private AmazonEbsSettings(List<Source> sources, VariableValues variables) {
        this.sources = sources;
        this.variables = variables;
    }

    /**
     * @throws PackerException when a template file or var file cannot be read (the preflight has checked that they
     *                         parse)
     */
    public static AmazonEbsSettings read(PackerTemplate template, Inputs inputs) throws PackerException {
        Map<String, VariableValues.Declaration> declarations = new LinkedHashMap<>();
        List<Source> sources = new ArrayList<>();
        if (template.kind() == PackerTemplate.Kind.JSON) {
            readLegacy(template.path(), declarations, sources);
        } else {
            Set<String> built = new LinkedHashSet<>();
            List<Source> declared = new ArrayList<>();
            for (Path file : template.files()) {
                if (file.getFileName().toString().endsWith(PackerTemplate.HCL_JSON_SUFFIX)) {
                    readHclJson(file, declarations, declared, built);
                } else {
                    readHcl(file, declarations, declared, built);
                }
            }
            declared.stream().filter(s -> built.contains(s.name())).forEach(sources::add);
        }
        List<Source> selected = sources.stream().filter(s -> selected(s.name(), inputs.only())).toList();
        return new AmazonEbsSettings(selected, new VariableValues(template.kind(), declarations, inputs.vars(),
                inputs.varFiles(), inputs.environment(), inputs.knownLater()));
    }

    /** The amazon-ebs builders Packer will run, e.g. {@code amazon-ebs} (JSON) or {@code amazon-ebs.app} (HCL2). */
    public List<String> builderNames() {
        return sources.stream().map(Source::name).toList();
    }

    /**
     * The source image the builders start from.
     *
     * @throws UnevaluableException when there is no amazon-ebs builder, a value cannot be evaluated, or two
     *                              builders start from different images
     */
    public SourceImageQuery sourceImage() throws UnevaluableException {
        return same("source images", this::sourceImage);
    }

    /** The regions the builders copy the AMI to ({@code ami_regions}), in order, without repeats. */
    public List<String> amiRegions() throws UnevaluableException {
        Set<String> regions = new LinkedHashSet<>();
        for (Source source : sources) {
            regions.addAll(strings(source, "ami_regions"));
        }
        return List.copyOf(regions);
    }

    /** How Packer would encrypt a copy into {@code region}: {@code encrypt_boot}, {@code region_kms_key_ids}. */
    public CopyEncryption copyEncryption(String region) throws UnevaluableException {
        return same("encryption settings", source -> {
            Boolean encrypt = bool(source, field(source, "encrypt_boot"), "encrypt_boot");
            if (encrypt == null || !encrypt) {
                return new CopyEncryption(false, null); // Packer then keeps the source's encryption
            }
            return new CopyEncryption(true, stringMap(source, "region_kms_key_ids").get(region));
        });
    }

    /** The settings that give the AMIs or their snapshots launch permissions ({@code ami_users}, ...) that are set. */
    public List<String> launchPermissions() {
        List<String> set = new ArrayList<>();
        for (Source source : sources) {
            for (String name : LAUNCH_PERMISSIONS) {
                try {
                    if (!strings(source, name).isEmpty()) {
                        set.add(name);
                    }
                } catch (UnevaluableException e) {
                    set.add(name); // something is set
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(set));
    }

    private interface PerSource<T> {
        T of(Source source) throws UnevaluableException;
    }

    /** The one value all builders agree on. */
    private <T> T same(String what, PerSource<T> value) throws UnevaluableException {
        if (sources.isEmpty()) {
            throw new UnevaluableException("the template has no " + TYPE + " builder that this bake runs");
        }
        T first = value.of(sources.get(0));
        for (Source other : sources.subList(1, sources.size())) {
            if (!Objects.equals(first, value.of(other))) {
                throw new UnevaluableException("builders " + String.join(", ", builderNames()) + " have different "
                        + what + ": run one of them (only)");
            }
        }
        return first;
    }

    private SourceImageQuery sourceImage(Source source) throws UnevaluableException {
        String sourceAmi = string(source, field(source, "source_ami"), "source_ami");
        Map<String, String> filters = Map.of();
        List<String> owners = List.of();
        boolean mostRecent = false;
        TemplateExpr filter = field(source, "source_ami_filter");
        if (filter != null) {
            Map<String, TemplateExpr> fields = fields(source, filter, "source_ami_filter");
            filters = stringMap(source, fields.get("filters"), "source_ami_filter.filters");
            owners = strings(source, fields.get("owners"), "source_ami_filter.owners");
            mostRecent = Boolean.TRUE.equals(bool(source, fields.get("most_recent"), "source_ami_filter.most_recent"));
        }
        if ((sourceAmi == null || sourceAmi.isEmpty()) && filters.isEmpty()) {
            throw new UnevaluableException(source.name() + " has neither source_ami nor source_ami_filter filters");
        }
        return new SourceImageQuery(sourceAmi == null || sourceAmi.isEmpty() ? null : sourceAmi, filters, owners,
                mostRecent);
    }

    private static TemplateExpr field(Source source, String name) {
        return source.attributes().get(name);
    }

    /** An object's fields as written, or those of the object a variable holds. */
    private Map<String, TemplateExpr> fields(Source source, TemplateExpr value, String where)
            throws UnevaluableException {
        if (value instanceof TemplateExpr.ObjectOf object) {
            return object.fields();
        }
        if (!(evaluate(source, value, where) instanceof Map<?, ?> map)) {
            throw new UnevaluableException(where + " of " + source.name() + " is not an object");
        }
        Map<String, TemplateExpr> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), new TemplateExpr.Literal(v, String.valueOf(v))));
        return fields;
    }

    private Object evaluate(Source source, TemplateExpr value, String where) throws UnevaluableException {
        try {
            return value.evaluate(variables);
        } catch (UnevaluableException e) {
            throw new UnevaluableException(where + " of " + source.name(), e);
        }
    }

    private String string(Source source, TemplateExpr value, String where) throws UnevaluableException {
        return value == null ? null : text(source, evaluate(source, value, where), where);
    }

    private static String text(Source source, Object value, String where) throws UnevaluableException {
        if (value instanceof List || value instanceof Map) {
            throw new UnevaluableException(where + " of " + source.name() + " is not a string: " + value);
        }
        return value == null ? null : value.toString();
    }

    /** Go's {@code strconv.ParseBool}, which Packer's decoding applies to a string; "" is unset. */
    private Boolean bool(Source source, TemplateExpr value, String where) throws UnevaluableException {
        Object evaluated = value == null ? null : evaluate(source, value, where);
        if (evaluated == null || evaluated instanceof Boolean) {
            return (Boolean) evaluated;
        }
        String text = text(source, evaluated, where);
        if (text.isEmpty()) {
            return null;
        }
        if (TRUE.contains(text) || FALSE.contains(text)) {
            return TRUE.contains(text);
        }
        throw new UnevaluableException(where + " of " + source.name() + " is neither true nor false: " + text);
    }

    private List<String> strings(Source source, String name) throws UnevaluableException {
        return strings(source, field(source, name), name);
    }

    /** A list; a string is split at commas, as Packer decodes a string into a list. */
    private List<String> strings(Source source, TemplateExpr value, String where) throws UnevaluableException {
        Object evaluated = value == null ? null : evaluate(source, value, where);
        List<String> out = new ArrayList<>();
        if (evaluated instanceof List<?> list) {
            for (Object item : list) {
                out.add(text(source, item, where));
            }
        } else if (evaluated != null && !text(source, evaluated, where).isEmpty()) {
            out.addAll(List.of(evaluated.toString().split(",")));
        }
        return out;
    }

    private Map<String, String> stringMap(Source source, String name) throws UnevaluableException {
        return stringMap(source, field(source, name), name);
    }

    private Map<String, String> stringMap(Source source, TemplateExpr value, String where)
            throws UnevaluableException {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        for (Map.Entry<String, TemplateExpr> entry : fields(source, value, where).entrySet()) {
            out.put(entry.getKey(), string(source, entry.getValue(), where + "." + entry.getKey()));
        }
        return out;
    }

    /** Packer's {@code -only}: a build name, or a pattern with {@code *}. */
    private static boolean selected(String name, List<String> only) {
        if (only.isEmpty()) {
            return true;
        }
        for (String pattern : only) {
            String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q");
            if (name.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    private static void readLegacy(Path file, Map<String, VariableValues.Declaration> declarations,
            List<Source> sources) throws PackerException {
        JsonNode root = PackerJson.read("Packer template", file, PackerTemplate.readText("Packer template", file));
        root.path("variables").properties().forEach(variable -> declarations.put(variable.getKey(),
                new VariableValues.Declaration(JsonExpressions.legacy(variable.getValue()), null)));
        for (JsonNode builder : root.path("builders")) {
            if (TYPE.equals(builder.path("type").asText())) {
                Map<String, TemplateExpr> attributes = new LinkedHashMap<>();
                builder.properties().forEach(a -> attributes.put(a.getKey(), JsonExpressions.legacy(a.getValue())));
                sources.add(new Source(builder.path("name").asText(TYPE), attributes));
            }
        }
    }

    private static void readHcl(Path file, Map<String, VariableValues.Declaration> declarations, List<Source> sources,
            Set<String> built) throws PackerException {
        String text = PackerTemplate.readText("Packer template", file);
        HclBody body;
        try {
            body = HclBody.parse(text.startsWith(PackerJson.BYTE_ORDER_MARK) ? text.substring(1) : text);
        } catch (HclVariableScanner.HclSyntaxException e) {
            throw new PackerException("Packer template " + file + " is not valid HCL: " + e.getMessage(), e);
        }
        for (HclBody.Block variable : body.blocks("variable")) {
            if (variable.labels().size() == 1) {
                TemplateExpr type = variable.body().attributes().get("type");
                declarations.put(variable.labels().get(0), new VariableValues.Declaration(
                        variable.body().attributes().get("default"), type == null ? null : type.written()));
            }
        }
        for (HclBody.Block variables : body.blocks("variables")) { // Packer 1.5's form
            variables.body().attributes().forEach((name, value) ->
                    declarations.put(name, new VariableValues.Declaration(value, null)));
        }
        for (HclBody.Block source : body.blocks("source")) {
            if (source.labels().size() == 2 && source.labels().get(0).equals(TYPE)) {
                sources.add(new Source(TYPE + "." + source.labels().get(1), source.body().asObject()));
            }
        }
        for (HclBody.Block build : body.blocks("build")) {
            TemplateExpr list = build.body().attributes().get("sources");
            if (list instanceof TemplateExpr.ListOf names) {
                names.items().forEach(name -> built.add(sourceName(name.written().replace("\"", ""))));
            }
            build.body().blocks("source").forEach(s -> s.labels().forEach(label -> built.add(sourceName(label))));
        }
    }

    private static void readHclJson(Path file, Map<String, VariableValues.Declaration> declarations,
            List<Source> sources, Set<String> built) throws PackerException {
        JsonNode root = PackerJson.read("Packer template", file, PackerTemplate.readText("Packer template", file));
        for (JsonNode group : listOf(root.path("variable"))) {
            group.properties().forEach(variable -> {
                JsonNode type = variable.getValue().path("type");
                JsonNode value = variable.getValue().get("default");
                declarations.put(variable.getKey(), new VariableValues.Declaration(
                        value == null ? null : JsonExpressions.hclJson(value), type.isTextual() ? type.asText() : null));
            });
        }
        for (JsonNode group : listOf(root.path("source"))) {
            for (JsonNode named : listOf(group.path(TYPE))) {
                named.properties().forEach(source -> {
                    Map<String, TemplateExpr> attributes = new LinkedHashMap<>();
                    source.getValue().properties().forEach(a -> attributes.put(a.getKey(),
                            JsonExpressions.hclJson(a.getValue())));
                    sources.add(new Source(TYPE + "." + source.getKey(), attributes));
                });
            }
        }
        for (JsonNode build : listOf(root.path("build"))) {
            build.path("sources").forEach(name -> built.add(sourceName(name.asText())));
        }
    }

    /** {@code source.amazon-ebs.app} as a build names it is the source {@code amazon-ebs.app}. */
    private static String sourceName(String reference) {
        return reference.startsWith("source.") ? reference.substring("source.".length()) : reference;
    }

    /** HCL's JSON form writes a block type as one object or a list of them. */
    private static List<JsonNode> listOf(JsonNode node) {
        List<JsonNode> nodes = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(nodes::add);
        } else if (node.isObject()) {
            nodes.add(node);
        }
        return nodes;
    }
}
