package io.jenkins.plugins.bakeami.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median of measured times: robust against the odd slow run on a shared machine. */
final class Median {
    private Median() {
    }

    static double of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
