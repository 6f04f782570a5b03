package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code Filter.N.Name} / {@code Filter.N.Value.M} of a Describe request. A resource matches when, for every
 * filter, one of its values for that filter's name matches one of the filter's values (wildcards {@code *} and
 * {@code ?}, backslash escapes them, as EC2 documents).
 */
final class Filters {
    private final List<Filter> filters;

    private Filters(List<Filter> filters) {
        this.filters = filters;
    }

    static Filters parse(QueryParams params) {
        List<Filter> filters = new ArrayList<>();
        for (QueryParams member : params.members("Filter")) {
            String name = member.get("Name");
            if (name == null || name.isEmpty()) {
                throw Ec2Error.missingParameter("Filter.Name");
            }
            List<Pattern> patterns = new ArrayList<>();
            for (String value : member.list("Value")) {
                patterns.add(wildcard(value));
            }
            filters.add(new Filter(name, patterns));
        }
        return new Filters(filters);
    }

    /** Checks every filter name against what the resource family supports, as EC2 does before searching. */
    <T> Filters checkedAgainst(FilterFields<T> fields) {
        for (Filter f : filters) {
            if (!fields.supports(f.name)) {
                throw Ec2Error.invalidParameterValue("The filter '" + f.name + "' is invalid");
            }
        }
        return this;
    }

    <T> boolean matches(T resource, FilterFields<T> fields, String viewer) {
        for (Filter f : filters) {
            if (!f.matchesAny(fields.values(f.name, resource, viewer))) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    static Pattern wildcard(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                flush(regex, literal);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(regex, literal);
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder regex, StringBuilder literal) {
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    private static final class Filter {
        final String name;
        final List<Pattern> values;

        Filter(String name, List<Pattern> values) {
            this.name = name;
            this.values = values;
        }

        boolean matchesAny(Collection<String> resourceValues) {
            for (String candidate : resourceValues) {
                if (candidate == null) {
                    continue;
                }
                for (Pattern p : values) {
                    if (p.matcher(candidate).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
