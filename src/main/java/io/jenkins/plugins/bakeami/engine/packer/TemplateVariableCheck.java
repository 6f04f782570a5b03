package io.jenkins.plugins.bakeami.engine.packer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The variables given for a template, checked before anything runs (the bake does it before its first EC2 call,
 * whether it will run Packer or not, so a mistake fails even on a run that reuses an AMI):
 * <ul>
 * <li>every variable given ({@code -var}) is declared by the template: Packer 1.6.6 ignores an undeclared one for a
 * JSON template, so a misspelt name would silently not count;</li>
 * <li>every var file exists and parses;</li>
 * <li>no given variable and no var file sets a variable the bake sets itself ({@code aws_region},
 * {@code config_checksum}, {@code ec2_endpoint}, {@code aws_subnet_id}) to another value: Packer would, for example,
 * build in another region than the one the bake looks up and tags in, and every later run would bake again.</li>
 * </ul>
 */
public final class TemplateVariableCheck {
    private TemplateVariableCheck() {}

    /**
     * @param given     the user's variables, name to value
     * @param varFiles  the var files, absolute
     * @param setByBake the variables the bake passes itself, name to value; a null value is one known only later
     *                  (the checksum), which no given value may set
     * @throws PackerException naming the variable, where it was given and both values
     */
    public static void check(PackerTemplate template, Map<String, String> given, List<Path> varFiles,
            Map<String, String> setByBake) throws PackerException {
        List<String> undeclared = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!template.declares(name)) {
                undeclared.add(name);
            }
        }
        if (!undeclared.isEmpty()) {
            throw new PackerException((undeclared.size() == 1 ? "Variable " : "Variables ")
                    + String.join(", ", undeclared) + (undeclared.size() == 1 ? " is" : " are")
                    + " not declared by the Packer template " + template.path() + " (it declares: "
                    + (template.declaredVariables().isEmpty() ? "no variables"
                            : String.join(", ", template.declaredVariables())) + ")");
        }
        requireAgreement(template, given, "given as a variable", setByBake);
        for (Path file : varFiles) {
            requireAgreement(template, PackerVarFile.read(file), "in the var file " + file, setByBake);
        }
    }

    private static void requireAgreement(PackerTemplate template, Map<String, String> values, String source,
            Map<String, String> setByBake) throws PackerException {
        for (Map.Entry<String, String> bake : setByBake.entrySet()) {
            String name = bake.getKey();
            if (!values.containsKey(name) || !template.declares(name)) {
                continue; // Packer ignores a var file's value for a variable the template does not declare
            }
            String value = values.get(name);
            if (bake.getValue() != null && Objects.equals(value, bake.getValue())) {
                continue;
            }
            throw new PackerException("Packer variable " + name + " is " + (value == null ? "set" : "'" + value + "'")
                    + " (" + source + ") but the bake sets it to "
                    + (bake.getValue() == null ? "the definition's checksum" : "'" + bake.getValue() + "'")
                    + ": Packer would build with the one value while the bake looks up and tags with the other, and"
                    + " every later run would bake again. Remove it: the bake passes " + name + " itself");
        }
    }
}
