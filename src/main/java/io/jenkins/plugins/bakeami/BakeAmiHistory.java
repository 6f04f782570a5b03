package io.jenkins.plugins.bakeami;

import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * A job's recent bakes, newest first, for the "AMI history" page ({@link BakeAmiHistoryAction}) and its REST API: one
 * row per bake recorded on a build ({@link BakeAmiAction}), and a chart of them. Read from the builds given, which the
 * action bounds to the last {@link #MAX_BUILDS} (a job with thousands of builds loads no more than those).
 */
public final class BakeAmiHistory {
    /** How many of a job's builds the history reads: each may have to be loaded from disk. */
    static final int MAX_BUILDS = 50;

    private final List<Row> rows;

    private BakeAmiHistory(List<Row> rows) {
        this.rows = rows;
    }

    /** The bakes of these builds, given newest first (as {@code Job.getBuilds()} lists them); all of them are read. */
    static BakeAmiHistory of(Iterable<? extends Run<?, ?>> newestFirst) {
        List<Row> rows = new ArrayList<>();
        for (Run<?, ?> run : newestFirst) {
            List<BakeAmiAction> bakes = new ArrayList<>(run.getActions(BakeAmiAction.class));
            Collections.reverse(bakes); // a build's last bake first, as the builds are
            for (BakeAmiAction bake : bakes) {
                rows.add(new Row(run, bake));
            }
        }
        return new BakeAmiHistory(Collections.unmodifiableList(rows));
    }

    /** The bakes, newest first. */
    public List<Row> getRows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public Chart getChart() {
        List<Row> oldestFirst = new ArrayList<>(rows);
        Collections.reverse(oldestFirst);
        return new Chart(oldestFirst);
    }

    /** One bake of one build; exported to the REST API in the action's {@code bakes}. */
    @ExportedBean(defaultVisibility = 2)
    public static final class Row {
        private final int number;
        private final String build;
        private final String url;
        private final BakeAmiAction bake;

        Row(Run<?, ?> run, BakeAmiAction bake) {
            this.number = run.getNumber();
            this.build = run.getDisplayName();
            this.url = run.getUrl() + bake.getUrlName() + "/";
            this.bake = bake;
        }

        @Exported
        public int getNumber() {
            return number;
        }

        /** The build's name, e.g. "#42". */
        @Exported
        public String getBuild() {
            return build;
        }

        /** The bake's page, relative to Jenkins' root URL (e.g. "job/app/42/bakeAmi/"). */
        @Exported
        public String getUrl() {
            return url;
        }

        @Exported
        public String getTemplate() {
            return bake.getTemplate();
        }

        @Exported
        public String getRegion() {
            return bake.getRegion();
        }

        /** Region to AMI id. */
        @Exported
        public Map<String, String> getAmiIds() {
            return bake.getAmiIds();
        }

        /** "baked", "reused" or "dry run". */
        @Exported
        public String getResult() {
            return bake.getResult();
        }

        @Exported
        public String getChecksum() {
            return bake.getChecksum();
        }

        @Exported
        public long getDurationMillis() {
            return bake.getDurationMillis();
        }

        /** e.g. "4 min 12 s". */
        public String getDuration() {
            return bake.getDuration();
        }

        /** The listing diff's lines against the last baked checksum, when this bake rebaked. */
        @Exported
        public List<String> getChangedFiles() {
            return bake.getChangedFiles();
        }
    }

    /**
     * Baked vs reused and the bake's duration over the builds, as plain SVG geometry (the page draws it without any
     * script): one bar per bake, oldest on the left, its height the bake's duration against the longest one, its
     * colour its result.
     */
    public static final class Chart {
        static final int BAR = 12;
        static final int GAP = 4;
        static final int HEIGHT = 120;
        /** Room above the bars for the scale's label, and below them for the build numbers. */
        static final int TOP = 16;
        static final int BOTTOM = 18;

        private final List<Bar> bars = new ArrayList<>();
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private final long longestMillis;

        Chart(List<Row> oldestFirst) {
            long longest = 1;
            for (Row row : oldestFirst) {
                longest = Math.max(longest, row.getDurationMillis());
            }
            this.longestMillis = longest;
            counts.put("baked", 0);
            counts.put("reused", 0);
            counts.put("dry run", 0);
            int x = GAP;
            for (Row row : oldestFirst) {
                int height = Math.max(1, (int) Math.round((double) HEIGHT * row.getDurationMillis() / longest));
                bars.add(new Bar(x, TOP + HEIGHT - height, height, row));
                counts.merge(row.getResult(), 1, Integer::sum);
                x += BAR + GAP;
            }
        }

        public List<Bar> getBars() {
            return Collections.unmodifiableList(bars);
        }

        /** Bakes per result: baked, reused, dry run. */
        public Map<String, Integer> getCounts() {
            return Collections.unmodifiableMap(counts);
        }

        public int getWidth() {
            return Math.max(bars.size(), 1) * (BAR + GAP) + GAP;
        }

        public int getHeight() {
            return TOP + HEIGHT + BOTTOM;
        }

        /** The y of the bars' base line. */
        public int getBase() {
            return TOP + HEIGHT;
        }

        /** The scale: the longest bake's duration, which a full-height bar stands for. */
        public String getLongest() {
            return BakeAmiAction.durationText(longestMillis);
        }
    }

    /** One bake in the chart. */
    public static final class Bar {
        private final int x;
        private final int y;
        private final int height;
        private final Row row;

        Bar(int x, int y, int height, Row row) {
            this.x = x;
            this.y = y;
            this.height = height;
            this.row = row;
        }

        public int getX() {
            return x;
        }

        public int getY() {
            return y;
        }

        public int getWidth() {
            return Chart.BAR;
        }

        public int getHeight() {
            return height;
        }

        /** Where the build number goes under the bar. */
        public int getLabelX() {
            return x + Chart.BAR / 2;
        }

        public Row getRow() {
            return row;
        }

        /** The fill: baked, reused and dry runs apart at a glance. */
        public String getColor() {
            switch (row.getResult()) {
                case "baked":
                    return "#d97706";
                case "reused":
                    return "#138a36";
                default:
                    return "#9ca3af";
            }
        }

        /** The tooltip, e.g. "#42 baked in 4 min 12 s: ami/packer.json, us-east-1". */
        public String getTitle() {
            return row.getBuild() + " " + row.getResult() + " in " + row.getDuration() + ": " + row.getTemplate()
                    + ", " + row.getRegion();
        }
    }
}
