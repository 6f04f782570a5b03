package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The source image of an amazon-ebs builder as its template states it, variables substituted: {@code source_ami},
 * or {@code source_ami_filter} ({@code filters}, {@code owners}, {@code most_recent}), or both, which Packer 1.6.6
 * sends in one DescribeImages.
 *
 * @param sourceAmi  the image id, or null
 * @param filters    filter name to value (each one value, as Packer sends them); empty without a filter
 * @param owners     the owners, empty for none
 * @param mostRecent whether the newest of several matches is taken (else several matches are an error)
 */
public record SourceImageQuery(String sourceAmi, Map<String, String> filters, List<String> owners, boolean mostRecent)
        implements Serializable {

    public SourceImageQuery {
        filters = Map.copyOf(filters);
        owners = List.copyOf(owners);
    }

    /** Whether the image id is fixed: no DescribeImages is needed to know it. */
    public boolean isFixed() {
        return sourceAmi != null && filters.isEmpty() && owners.isEmpty();
    }

    /** For messages: {@code source_ami_filter {name=..., owners [...], most_recent}}. */
    @Override
    public String toString() {
        String filter = filters.isEmpty() && owners.isEmpty() ? ""
                : "source_ami_filter {" + new TreeMap<>(filters).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))
                        + (owners.isEmpty() ? "" : ", owners " + owners) + (mostRecent ? ", most_recent" : "") + "}";
        return sourceAmi == null ? filter : filter.isEmpty() ? "source_ami " + sourceAmi
                : "source_ami " + sourceAmi + " and " + filter;
    }

    private static final long serialVersionUID = 1L;
}
