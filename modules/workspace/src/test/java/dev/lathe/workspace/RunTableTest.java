package dev.lathe.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.Run;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.MetricRepository.RunPoint;
import dev.lathe.workspace.query.RunField;
import dev.lathe.workspace.query.RunFilter;
import dev.lathe.workspace.query.RunSort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs table's page query on a real workspace of six runs in two experiments. */
class RunTableTest {
    @TempDir
    Path dir;
    private Workspace ws;
    private RunTable table;

    @BeforeEach
    void fill() {
        ws = Workspace.open(dir);
        String iris = ws.experiments().getOrCreate("iris").id();
        String wine = ws.experiments().getOrCreate("wine").id();
        // created in this order, so "newest first" is f, e, d, c, b, a
        add(iris, "a", RunStatus.FINISHED, Map.of("lr", "0.1", "optimizer", "adam"), Map.of("acc", 0.91, "loss", 0.3), Map.of("team", "vision"));
        add(iris, "b", RunStatus.FAILED, Map.of("lr", "0.01", "optimizer", "sgd"), Map.of("acc", 0.75, "loss", 0.9), Map.of());
        add(iris, "c", RunStatus.FINISHED, Map.of("lr", "1e-3", "optimizer", "adam"), Map.of("acc", 0.85), Map.of("team", "tabular"));
        add(wine, "d", RunStatus.PRUNED, Map.of("lr", "auto"), Map.of("loss", 0.5), Map.of());
        add(wine, "e-special_1", RunStatus.FINISHED, Map.of("lr", "0.05"), Map.of("acc", 0.95), Map.of("team", "vision"));
        add(wine, null, RunStatus.KILLED, Map.of(), Map.of(), Map.of());
        table = ws.runs().table(Clock.system(ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private void add(String experiment, String name, RunStatus status, Map<String, String> params,
                     Map<String, Double> metrics, Map<String, String> tags) {
        Run run = ws.runs().create(NewRun.running(experiment, name));
        ws.runs().logParams(run.id(), params);
        ws.runs().setTags(run.id(), tags);
        List<RunPoint> points = new ArrayList<>();
        metrics.forEach((k, v) -> {
            points.add(new RunPoint(run.id(), k, 1, 1, v * 2));
            points.add(new RunPoint(run.id(), k, 2, 2, v));
        });
        ws.metrics().writeBatch(points);
        ws.runs().finish(run.id(), status, null);
    }

    private List<String> names(String filter, RunSort... sort) {
        RunTable.Query q = RunTable.Query.all().withFilter(RunFilter.parse(filter)).withSort(List.of(sort));
        return names(table.page(q, 0, 100));
    }

    private static List<String> names(RunTable.Page page) {
        return page.rows().stream().map(RunRow::run).map(r -> r.name() == null ? "-" : r.name()).toList();
    }

    @Test
    void filtersByMetricParamTagStatusNameAndExperiment() {
        assertEquals(List.of("e-special_1", "a"), names("metrics.acc > 0.9"));
        assertEquals(List.of("e-special_1", "a"), names("metrics.acc.max > 1.8"), "max is the first point, 2 * last");
        assertEquals(List.of("e-special_1", "c", "b"), names("params.lr < 0.08"), "numbers compare as numbers: 1e-3 < 0.08");
        assertEquals(List.of("d"), names("params.lr = auto"), "text compares as text");
        assertEquals(List.of("c", "a"), names("params.optimizer = adam"));
        assertEquals(List.of("e-special_1", "a"), names("tags.team = \"vision\""));
        assertEquals(List.of("-", "d", "b"), names("status in (FAILED, PRUNED, killed)"));
        assertEquals(List.of("e-special_1"), names("name ~ \"L_1\""), "contains ignores case; _ is literal");
        assertEquals(List.of("-", "e-special_1", "d"), names("experiment = WINE"));
        assertEquals(List.of("-", "d", "b"), names("not name ~ \"a\" and not name = c"),
                "not includes the unnamed run");
        assertEquals(List.of("e-special_1", "c", "a"), names("status = FINISHED and (metrics.acc > 0.9 or params.optimizer = adam)"));
        assertEquals(List.of("-", "e-special_1", "d", "c", "b", "a"), names("started > 2020-01-01"));
        assertEquals(List.of(), names("started < 2020-01-01"));
    }

    @Test
    void sortsByAMetricWithMissingValuesLastInBothDirections() {
        RunField acc = RunField.metric("acc");
        assertEquals(List.of("e-special_1", "a", "c", "b", "-", "d"), names("", RunSort.desc(acc)));
        assertEquals(List.of("b", "c", "a", "e-special_1", "-", "d"), names("", RunSort.asc(acc)));
        assertEquals(List.of("b", "c", "a", "e-special_1", "-", "d"),
                names("", RunSort.asc(new RunField.Metric("acc", RunField.Stat.MIN))), "the general plan agrees");
        assertEquals(List.of("c", "a", "e-special_1"), names("tags.team ~ i or tags.team ~ t", RunSort.asc(acc)));
    }

    @Test
    void sortsParamsAsNumbersThenTextAndByASecondKey() {
        assertEquals(List.of("c", "b", "e-special_1", "a", "d", "-"), names("", RunSort.asc(RunField.param("lr"))));
        assertEquals(List.of("a", "c", "b", "e-special_1", "-", "d"), names("",
                RunSort.asc(RunField.param("optimizer")), RunSort.desc(RunField.metric("acc"))));
        assertEquals(List.of("a", "b", "c", "d", "e-special_1", "-"), names("", RunSort.asc(RunField.column(RunField.Attr.NAME))));
    }

    @Test
    void pagesConcatenateToTheWholeOrderAndCarryTheTotal() {
        for (List<RunSort> sort : List.of(List.<RunSort>of(), List.of(RunSort.desc(RunField.metric("loss"))),
                List.of(RunSort.asc(RunField.param("optimizer"))))) {
            RunTable.Query q = RunTable.Query.all().withSort(sort);
            List<String> whole = names(table.page(q, 0, 100));
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < 6; offset += 2) {
                RunTable.Page page = table.page(q, offset, 2);
                assertEquals(6, page.total());
                assertEquals(offset, page.offset());
                paged.addAll(names(page));
            }
            assertEquals(whole, paged, "sort " + sort);
            assertEquals(6, whole.size());
        }
        RunTable.Page past = table.page(RunTable.Query.all(), 10, 5);
        assertEquals(List.of(), past.rows());
        assertEquals(6, past.total());
        assertEquals(2, table.count(RunTable.Query.all().withFilter(RunFilter.parse("metrics.acc > 0.9"))));
    }

    @Test
    void rowsCarryTheirValuesOrOnlyTheAskedColumns() {
        RunRow a = table.page(RunTable.Query.all().withFilter(RunFilter.parse("name = a")), 0, 10).rows().getFirst();
        assertEquals("iris", a.experimentName());
        assertEquals(Map.of("lr", "0.1", "optimizer", "adam"), a.params());
        assertEquals(0.3, a.metrics().get("loss").last(), 1e-12);
        assertEquals(0.6, a.metrics().get("loss").max(), 1e-12);
        assertEquals(2, a.metrics().get("loss").count());

        RunRow narrow = table.page(RunTable.Query.all().withFilter(RunFilter.parse("name = a"))
                .withColumns(new RunTable.Columns(List.of("lr"), List.of("acc"))), 0, 10).rows().getFirst();
        assertEquals(Map.of("lr", "0.1"), narrow.params());
        assertEquals(List.of("acc"), List.copyOf(narrow.metrics().keySet()));
    }

    @Test
    void aFilteredTableSeesWritesMadeBetweenPages() {
        RunTable.Query vision = RunTable.Query.all().withFilter(RunFilter.parse("tags.team = vision"));
        assertEquals(List.of("e-special_1", "a"), names(table.page(vision, 0, 10)));
        assertEquals(List.of("a"), names(table.page(vision, 1, 10)), "the next page of the same filter");
        String c = table.page(RunTable.Query.all().withFilter(RunFilter.parse("name = c")), 0, 1).rows().getFirst().run().id();
        ws.runs().setTags(c, Map.of("team", "vision"));
        assertEquals(List.of("e-special_1", "c", "a"), names(table.page(vision, 0, 10)));
        ws.runs().archive(c, true);
        assertEquals(List.of("e-special_1", "a"), names(table.page(vision, 0, 10)));
        assertEquals(2, table.count(vision));
    }

    @Test
    void scopesKeysAndArchivedRuns() {
        String wine = ws.experiments().byName("wine").orElseThrow().id();
        assertEquals(List.of("-", "e-special_1", "d"), names(table.page(RunTable.Query.all().inExperiment(wine), 0, 10)));
        assertEquals(new RunTable.Keys(List.of("lr", "optimizer"), List.of("acc", "loss")), table.keys(null));
        assertEquals(new RunTable.Keys(List.of("lr"), List.of("acc", "loss")), table.keys(wine));

        String d = table.page(RunTable.Query.all().withFilter(RunFilter.parse("name = d")), 0, 1).rows().getFirst().run().id();
        ws.runs().archive(d, true);
        assertEquals(List.of("-", "e-special_1"), names(table.page(RunTable.Query.all().inExperiment(wine), 0, 10)));
        RunTable.Query archivedToo = new RunTable.Query(wine, null, null, List.of(), true, null);
        assertEquals(3, table.page(archivedToo, 0, 10).total());
        assertTrue(ws.runs().get(d).isPresent(), "archiving keeps the run");
    }
}
