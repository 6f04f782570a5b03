package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The filter names one resource family supports and how to read each one's values from a resource. Tag filters
 * ({@code tag:KEY}, {@code tag-key}, {@code tag-value}) see only the tags the viewing account set.
 */
final class FilterFields<T> {
    private final Map<String, BiFunction<T, String, Collection<String>>> fields = new LinkedHashMap<>();
    private final Function<T, Tags> tags;

    FilterFields(Function<T, Tags> tags) {
        this.tags = tags;
    }

    FilterFields<T> field(String name, Function<T, Object> value) {
        fields.put(name, (resource, viewer) -> {
            Object v = value.apply(resource);
            return v == null ? Collections.emptyList() : Collections.singletonList(String.valueOf(v));
        });
        return this;
    }

    FilterFields<T> multi(String name, Function<T, Collection<String>> values) {
        fields.put(name, (resource, viewer) -> values.apply(resource));
        return this;
    }

    FilterFields<T> viewerDependent(String name, BiFunction<T, String, Collection<String>> values) {
        fields.put(name, values);
        return this;
    }

    boolean supports(String name) {
        if (fields.containsKey(name)) {
            return true;
        }
        return tags != null && (name.startsWith("tag:") || name.equals("tag-key") || name.equals("tag-value"));
    }

    Collection<String> values(String name, T resource, String viewer) {
        BiFunction<T, String, Collection<String>> field = fields.get(name);
        if (field != null) {
            return field.apply(resource, viewer);
        }
        Map<String, String> visible = tags.apply(resource).visibleTo(viewer);
        if (name.startsWith("tag:")) {
            String v = visible.get(name.substring(4));
            return v == null ? Collections.emptyList() : Collections.singletonList(v);
        }
        List<String> out = new ArrayList<>(name.equals("tag-key") ? visible.keySet() : visible.values());
        return out;
    }
}
