package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.model.Job;
import hudson.model.Run;
import hudson.util.RunList;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The job's AMI history: its model computed from several builds, read through the job's lazily loaded build list and
 * bounded to the last {@link BakeAmiHistory#MAX_BUILDS} builds; its REST API; its views parsed, every property they
 * read present on the model.
 */
public class BakeAmiHistoryTest {
    /** A bake as a build records it: {@code millis} long, baked or reused, one AMI per region. */
    private static BakeAmiAction bake(int index, String template, boolean reused, long millis, List<String> changed) {
        Map<String, String> amis = new LinkedHashMap<>();
        amis.put("us-east-1", "ami-" + template.hashCode() + millis);
        amis.put("eu-west-1", "ami-copy" + millis);
        BakeResult result = new BakeResult(amis.get("us-east-1"), "us-east-1", amis, "c" + millis, "ami-bakery",
                reused ? BakeOutcome.REUSED : BakeOutcome.BAKED, Map.of("packer", Duration.ofMillis(millis)), null);
        return new BakeAmiAction(index, template, new BakeAmiSummary(result, ".ami_id.json", null, null), changed,
                changed.isEmpty() ? null : "app#1");
    }

    private static Run<?, ?> build(int number, BakeAmiAction... bakes) {
        Run<?, ?> run = mock(Run.class);
        when(run.getNumber()).thenReturn(number);
        when(run.getDisplayName()).thenReturn("#" + number);
        when(run.getUrl()).thenReturn("job/app/" + number + "/");
        when(run.getActions(BakeAmiAction.class)).thenReturn(List.of(bakes));
        return run;
    }

    /**
     * A job's builds as Job.getBuilds() gives them: newest first, each loaded (here: made) only when the iteration
     * reaches it, as the job's lazy build map loads build.xml files. Build n reuses, every tenth bakes.
     */
    private static final class LazyBuilds extends AbstractCollection<Run<?, ?>> {
        final int newest;
        final AtomicInteger loaded = new AtomicInteger();

        LazyBuilds(int newest) {
            this.newest = newest;
        }

        @Override
        public Iterator<Run<?, ?>> iterator() {
            return new Iterator<>() {
                int next = newest;

                @Override
                public boolean hasNext() {
                    return next > 0;
                }

                @Override
                public Run<?, ?> next() {
                    loaded.incrementAndGet();
                    int n = next--;
                    return build(n, bake(1, "ami/packer.json", n % 10 != 0, n % 10 == 0 ? 60_000 + n : 500,
                            n % 10 == 0 ? List.of("changed:  file ami/setup.sh") : List.of()));
                }
            };
        }

        @Override
        public int size() {
            throw new AssertionError("the history must not count the job's builds: that loads them all");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Job<?, ?> job(LazyBuilds builds) {
        Job job = mock(Job.class);
        when(job.getBuilds()).thenAnswer(call -> RunList.fromRuns((java.util.Collection) builds));
        return job;
    }

    @Test
    public void aJobWithThousandsOfBuildsLoadsOnlyTheLastFifty() {
        LazyBuilds builds = new LazyBuilds(5_000);
        BakeAmiHistory history = new BakeAmiHistoryAction(job(builds)).getHistory();
        assertEquals(BakeAmiHistory.MAX_BUILDS, history.getRows().size());
        assertTrue("loaded " + builds.loaded + " builds", builds.loaded.get() <= BakeAmiHistory.MAX_BUILDS + 1);
        assertEquals("newest first", 5_000, history.getRows().get(0).getNumber());
        assertEquals(4_951, history.getRows().get(BakeAmiHistory.MAX_BUILDS - 1).getNumber());
    }

    @Test
    public void eachRowSaysWhatTheBakeDidAndLinksToItsPage() {
        BakeAmiHistory history = BakeAmiHistory.of(List.of(
                build(42, bake(1, "ami/web.json", false, 252_400, List.of("changed:  file ami/web/setup.sh")),
                        bake(2, "ami/db.json", true, 850, List.of())),
                build(41),
                build(40, bake(1, "ami/web.json", true, 1_200, List.of()))));
        List<BakeAmiHistory.Row> rows = history.getRows();
        assertEquals("a build's bakes, its last one first, then the older builds'", List.of("ami/db.json", "ami/web.json",
                "ami/web.json"), rows.stream().map(BakeAmiHistory.Row::getTemplate).toList());
        BakeAmiHistory.Row db = rows.get(0);
        assertEquals(42, db.getNumber());
        assertEquals("#42", db.getBuild());
        assertEquals("the build's second bake has its own page", "job/app/42/bakeAmi-2/", db.getUrl());
        assertEquals("reused", db.getResult());
        assertEquals("850 ms", db.getDuration());
        BakeAmiHistory.Row web = rows.get(1);
        assertEquals("job/app/42/bakeAmi/", web.getUrl());
        assertEquals("baked", web.getResult());
        assertEquals("4 min 12 s", web.getDuration());
        assertEquals(252_400, web.getDurationMillis());
        assertEquals("us-east-1", web.getRegion());
        assertEquals(List.of("us-east-1", "eu-west-1"), List.copyOf(web.getAmiIds().keySet()));
        assertEquals("c252400", web.getChecksum());
        assertEquals(List.of("changed:  file ami/web/setup.sh"), web.getChangedFiles());
        assertEquals(40, rows.get(2).getNumber());
        assertFalse(history.isEmpty());
        assertTrue(BakeAmiHistory.of(List.of(build(3), build(2))).isEmpty());
    }

    /** Oldest on the left; the longest bake fills the height; colours and counts by result. */
    @Test
    public void theChartDrawsBakedAndReusedAndTheirDurations() {
        BakeAmiHistory history = BakeAmiHistory.of(List.of(
                build(3, bake(1, "t", true, 1_000, List.of())),
                build(2, bake(1, "t", false, 240_000, List.of())),
                build(1, bake(1, "t", false, 120_000, List.of()))));
        BakeAmiHistory.Chart chart = history.getChart();
        List<BakeAmiHistory.Bar> bars = chart.getBars();
        assertEquals(List.of(1, 2, 3), bars.stream().map(b -> b.getRow().getNumber()).toList());
        int full = BakeAmiHistory.Chart.HEIGHT;
        assertEquals(List.of(full / 2, full, 1), bars.stream().map(BakeAmiHistory.Bar::getHeight).toList());
        for (BakeAmiHistory.Bar bar : bars) {
            assertEquals("bars stand on the base line", chart.getBase(), bar.getY() + bar.getHeight());
            assertTrue(bar.getX() + bar.getWidth() <= chart.getWidth());
        }
        assertTrue(bars.get(0).getX() < bars.get(1).getX() && bars.get(1).getX() < bars.get(2).getX());
        assertEquals(bars.get(0).getColor(), bars.get(1).getColor());
        assertFalse(bars.get(1).getColor().equals(bars.get(2).getColor()));
        assertEquals("4 min 0 s", chart.getLongest());
        assertEquals(Map.of("baked", 2, "reused", 1, "dry run", 0), chart.getCounts());
        assertEquals("#2 baked in 4 min 0 s: t, us-east-1", bars.get(1).getTitle());
    }

    @Test
    public void onlyJobsThatBakeGetThePage() {
        Run<?, ?> baked = build(7, bake(1, "t", true, 10, List.of()));
        Run<?, ?> plain = build(8);
        BakeAmiHistoryAction.Factory factory = new BakeAmiHistoryAction.Factory();
        assertEquals(1, factory.createFor(jobWith(baked, null)).size());
        assertEquals(1, factory.createFor(jobWith(plain, baked)).size());
        assertEquals(0, factory.createFor(jobWith(plain, plain)).size());
        assertEquals(0, factory.createFor(jobWith(null, null)).size());
        assertEquals(BakeAmiHistoryAction.class, factory.actionType());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Job jobWith(Run last, Run lastSuccessful) {
        Job job = mock(Job.class);
        when(job.getLastBuild()).thenReturn(last);
        when(job.getLastSuccessfulBuild()).thenReturn(lastSuccessful);
        return job;
    }

    /** {@code …/job/NAME/bakeAmiHistory/api/json}: the action and each bake are exported beans. */
    @Test
    public void theRestApiExportsEachBake() {
        assertTrue(BakeAmiHistoryAction.class.isAnnotationPresent(ExportedBean.class));
        assertEquals(Set.of("getBakes"), exported(BakeAmiHistoryAction.class));
        ExportedBean row = BakeAmiHistory.Row.class.getAnnotation(ExportedBean.class);
        assertNotNull(row);
        assertEquals("shown at the API's default depth, nested in the action", 2, row.defaultVisibility());
        assertEquals(Set.of("getAmiIds", "getBuild", "getChangedFiles", "getChecksum", "getDurationMillis",
                "getNumber", "getRegion", "getResult", "getTemplate", "getUrl"), exported(BakeAmiHistory.Row.class));
        BakeAmiHistoryAction action = new BakeAmiHistoryAction(job(new LazyBuilds(3)));
        assertEquals("bakeAmiHistory", action.getUrlName());
        assertEquals(action, action.getApi().bean);
        assertEquals(3, action.getBakes().size());
    }

    private static Set<String> exported(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(Exported.class)) {
                names.add(method.getName());
            }
        }
        return names;
    }

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{!?(it|from|history|row|bar|chart)\\.(\\w+)");

    /** The views are well-formed XML, escape by default, and every property they read exists on the model. */
    @Test
    public void theViewsParseAndReadOnlyPropertiesTheModelHas() throws Exception {
        Map<String, Class<?>> variables = Map.of("it", BakeAmiHistoryAction.class, "from", BakeAmiHistoryAction.class,
                "history", BakeAmiHistory.class, "row", BakeAmiHistory.Row.class, "bar", BakeAmiHistory.Bar.class,
                "chart", BakeAmiHistory.Chart.class);
        for (String view : List.of("index.jelly", "floatingBox.jelly", "chart.jelly")) {
            String text;
            try (InputStream in = BakeAmiHistoryAction.class.getResourceAsStream("BakeAmiHistoryAction/" + view)) {
                assertNotNull(view, in);
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(view, text.startsWith("<?jelly escape-by-default='true'?>"));
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            Matcher m = PROPERTY.matcher(text);
            int checked = 0;
            while (m.find()) {
                Class<?> type = variables.get(m.group(1));
                String property = m.group(2).substring(0, 1).toUpperCase(Locale.ROOT) + m.group(2).substring(1);
                assertTrue(view + ": ${" + m.group(1) + "." + m.group(2) + "}", has(type, "get" + property)
                        || has(type, "is" + property));
                checked++;
            }
            assertTrue(view, checked > 0);
        }
    }

    private static boolean has(Class<?> type, String method) {
        List<String> names = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0) {
                names.add(m.getName());
            }
        }
        return names.contains(method);
    }
}
