package io.jenkins.plugins.bakeami.tools.ec2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * {@code MaxResults}/{@code NextToken} paging as EC2 does it: results in a stable order (by id), the token is
 * opaque (here: the action and the last id returned, base64), a token that was not issued for this action is
 * refused with {@code InvalidPaginationToken}.
 */
final class Pages {
    /** The MaxResults range an action accepts; above the maximum it either refuses or caps, as EC2 documents. */
    static final class Limits {
        final int min;
        final int max;
        final boolean capAboveMax;

        Limits(int min, int max, boolean capAboveMax) {
            this.min = min;
            this.max = max;
            this.capAboveMax = capAboveMax;
        }
    }

    static final Limits IMAGES = new Limits(6, 1000, false);
    static final Limits INSTANCES = new Limits(5, 1000, false);
    static final Limits SNAPSHOTS = new Limits(5, 1000, true);
    static final Limits VOLUMES = new Limits(5, 500, true);
    static final Limits TAGS = new Limits(5, 1000, true);
    static final Limits SECURITY_GROUPS = new Limits(5, 1000, false);

    static final class Page<T> {
        final List<T> items;
        final String nextToken;

        Page(List<T> items, String nextToken) {
            this.items = items;
            this.nextToken = nextToken;
        }
    }

    private Pages() {}

    /**
     * One page of {@code sortedById} (sorted by the id {@code idOf} returns). Without MaxResults and NextToken all
     * results come back in one answer, as EC2 does.
     */
    static <T> Page<T> page(List<T> sortedById, Function<T, String> idOf, QueryParams params, String action, Limits limits) {
        Integer maxResults = params.integer("MaxResults");
        String token = params.get("NextToken");
        if (token != null && token.isEmpty()) {
            token = null;
        }
        if (maxResults != null) {
            if (maxResults < limits.min || (maxResults > limits.max && !limits.capAboveMax)) {
                throw Ec2Error.invalidParameterValue("Value ( " + maxResults + " ) for parameter maxResults is invalid. "
                        + "Expecting a value between " + limits.min + " and " + limits.max + ".");
            }
            maxResults = Math.min(maxResults, limits.max);
        }
        int start = 0;
        if (token != null) {
            String after = decode(token, action);
            while (start < sortedById.size() && idOf.apply(sortedById.get(start)).compareTo(after) <= 0) {
                start++;
            }
        }
        int end = maxResults == null ? sortedById.size() : Math.min(sortedById.size(), start + maxResults);
        List<T> items = new ArrayList<>(sortedById.subList(start, end));
        String next = end < sortedById.size() && !items.isEmpty() ? encode(action, idOf.apply(items.get(items.size() - 1))) : null;
        return new Page<>(items, next);
    }

    static String encode(String action, String lastId) {
        String raw = "emu1|" + action + "|" + lastId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String action) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
        String prefix = "emu1|" + action + "|";
        if (!raw.startsWith(prefix) || raw.length() == prefix.length()) {
            throw invalid(token);
        }
        return raw.substring(prefix.length());
    }

    private static Ec2Error invalid(String token) {
        return Ec2Error.of("InvalidPaginationToken", "The pagination token \"" + token + "\" is invalid.");
    }
}
