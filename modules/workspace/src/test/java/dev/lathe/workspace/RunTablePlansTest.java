package dev.lathe.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.RunRow;
import dev.lathe.workspace.bench.TableBench;
import dev.lathe.workspace.query.RunField;
import dev.lathe.workspace.query.RunFilter;
import dev.lathe.workspace.query.RunSort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs table's fast plans (filter as bit sets, index walks, sorting a few runs by pk) give the same pages
 * and totals as SQLite answering the whole filter and order in one query, on a generated workspace of 2,000
 * runs with missing metrics, ties, params that are text for some runs, archived runs and two scopes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTablePlansTest {
    private Workspace ws;
    private RunTable table;
    private String iris;

    @BeforeAll
    void generate(@TempDir Path dir) throws Exception {
        TableBench.generate(dir, 2000, new Random(3));
        ws = Workspace.open(dir, Workspace.Mode.EXISTING);
        table = ws.runs().table(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        List<RunRow> some = table.page(RunTable.Query.all(), 0, 400).rows();
        for (int i = 0; i < some.size(); i += 10) {
            // a param that is a number for some runs and text for others, and missing for the rest
            ws.runs().logParams(some.get(i).run().id(), Map.of("mixed", i % 30 == 0 ? "auto" : String.valueOf(i % 7)));
        }
        for (int i = 5; i < some.size(); i += 40) {
            ws.runs().archive(some.get(i).run().id(), true);
        }
        iris = ws.experiments().byName("iris").orElseThrow().id();
    }

    @AfterAll
    void close() {
        ws.close();
    }

    @Test
    void fastPlansGiveTheSamePagesAsOneSqlQuery() {
        List<String> filters = List.of("", "metrics.val_accuracy > 0.9", "params.lr < 0.001 and status = FINISHED",
                "params.optimizer = adam and metrics.val_loss < 0.5", "name ~ \"trial-1\"",
                "tags.team = vision and (status in (FAILED, KILLED) or metrics.m_05.max > 11)",
                "experiment = iris and not trainer = djl-mlp", "not metrics.m_07 > 5",
                "params.mixed > 3 or params.mixed = auto", "not (params.optimizer = sgd or tags.team ~ a)",
                "metrics.val_accuracy > 0.999", "metrics.val_accuracy > 0.55", "started > 2020-01-01",
                "not name ~ zzz and params.p_07 >= 0");
        List<List<RunSort>> sorts = List.of(List.of(), List.of(RunSort.desc(RunField.metric("val_accuracy"))),
                List.of(RunSort.asc(RunField.metric("m_07"))), List.of(RunSort.asc(RunField.param("batch_size"))),
                List.of(RunSort.desc(RunField.param("mixed"))), List.of(RunSort.asc(RunField.param("mixed"))),
                List.of(RunSort.desc(new RunField.Metric("m_08", RunField.Stat.MAX))),
                List.of(RunSort.asc(RunField.column(RunField.Attr.STARTED))),
                List.of(RunSort.desc(RunField.column(RunField.Attr.DURATION))),
                List.of(RunSort.asc(RunField.param("batch_size")), RunSort.desc(RunField.metric("val_loss"))));
        List<RunTable.Query> scopes = List.of(RunTable.Query.all(), RunTable.Query.all().inExperiment(iris),
                new RunTable.Query(null, null, null, List.of(), true, null));
        int compared = 0;
        for (String filter : filters) {
            for (int s = 0; s < sorts.size(); s++) {
                // every sort in the whole workspace; the narrower scopes with every third
                for (RunTable.Query scoped : s % 3 == 0 ? scopes : scopes.subList(0, 1)) {
                    RunTable.Query q = scoped.withFilter(RunFilter.parse(filter)).withSort(sorts.get(s))
                            .withColumns(new RunTable.Columns(List.of("lr"), List.of("val_loss")));
                    long total = table.count(q);
                    for (int offset : new int[] {0, (int) Math.max(0, total - 40)}) {
                        RunTable.Page want = table.pageBySql(q, offset, 60);
                        RunTable.Page got = table.page(q, offset, 60);
                        String what = "filter '" + filter + "', sort " + sorts.get(s) + ", scope "
                                + scoped.experimentId() + "/" + scoped.includeArchived() + ", offset " + offset;
                        assertEquals(want.total(), total, "count of " + what);
                        assertEquals(want.total(), got.total(), what);
                        assertEquals(ids(want), ids(got), what);
                        assertEquals(want.rows(), got.rows(), what);
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared >= 400, "compared " + compared + " pages");
    }

    private static List<String> ids(RunTable.Page page) {
        List<String> out = new ArrayList<>();
        for (RunRow r : page.rows()) {
            out.add(r.run().id());
        }
        return out;
    }
}
