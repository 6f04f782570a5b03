package io.jenkins.plugins.bakeami.tools.ec2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of an EC2 Query request ({@code Action=...&Filter.1.Name=...}), with the EC2 conventions for lists
 * ({@code Name.1}, {@code Name.2}) and structures ({@code Name.1.Key}) made easy to read.
 */
final class QueryParams {
    private final Map<String, String> values;

    QueryParams(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Parses an {@code application/x-www-form-urlencoded} string (body or query string); later keys win. */
    static QueryParams parse(String... encodedParts) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String encoded : encodedParts) {
            if (encoded == null || encoded.isEmpty()) {
                continue;
            }
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                values.put(decode(key), decode(value));
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Ec2Error.of("MalformedQueryString", "The query string contains a syntax error: " + e.getMessage());
        }
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String defaultValue) {
        String value = values.get(name);
        return value == null ? defaultValue : value;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw Ec2Error.missingParameter(name);
        }
        return value;
    }

    Integer integer(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue(value, name);
        }
    }

    Boolean bool(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if ("true".equalsIgnoreCase(value)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(value)) {
            return Boolean.FALSE;
        }
        throw Ec2Error.invalidValue(value, name);
    }

    boolean bool(String name, boolean defaultValue) {
        Boolean value = bool(name);
        return value == null ? defaultValue : value;
    }

    /** The values of a list of strings {@code prefix.1}, {@code prefix.2}, ... in index order. */
    List<String> list(String prefix) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        String start = prefix + ".";
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(start)) {
                Integer index = index(e.getKey().substring(start.length()));
                if (index != null) {
                    byIndex.put(index, e.getValue());
                }
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /** The members of a list of structures {@code prefix.N.Field}, each scoped to its own fields, in index order. */
    List<QueryParams> members(String prefix) {
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        String start = prefix + ".";
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getKey().startsWith(start)) {
                continue;
            }
            String rest = e.getKey().substring(start.length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                continue;
            }
            Integer index = index(rest.substring(0, dot));
            if (index != null) {
                byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
            }
        }
        List<QueryParams> members = new ArrayList<>();
        for (Map<String, String> member : byIndex.values()) {
            members.add(new QueryParams(member));
        }
        return members;
    }

    /** The fields of structure {@code prefix.Field}, or an empty set when there are none. */
    QueryParams scope(String prefix) {
        Map<String, String> scoped = new LinkedHashMap<>();
        String start = prefix + ".";
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(start)) {
                scoped.put(e.getKey().substring(start.length()), e.getValue());
            }
        }
        return new QueryParams(scoped);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    Map<String, String> asMap() {
        return values;
    }

    private static Integer index(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.valueOf(s);
    }
}
