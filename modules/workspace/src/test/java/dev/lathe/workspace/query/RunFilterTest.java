package dev.lathe.workspace.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.workspace.query.RunField.Attr;
import dev.lathe.workspace.query.RunField.Stat;
import dev.lathe.workspace.query.RunFilter.And;
import dev.lathe.workspace.query.RunFilter.Compare;
import dev.lathe.workspace.query.RunFilter.Not;
import dev.lathe.workspace.query.RunFilter.Op;
import dev.lathe.workspace.query.RunFilter.Or;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RunFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics.val_accuracy = 0.9 | EQ", "metrics.val_accuracy != 0.9 | NE", "metrics.val_accuracy < 0.9 | LT",
            "metrics.val_accuracy <= 0.9 | LE", "metrics.val_accuracy > 0.9 | GT", "metrics.val_accuracy >= 0.9 | GE",
            "metrics.val_accuracy == 0.9 | EQ", "metrics.val_accuracy>=.9 | GE"})
    void eachComparisonOperatorParses(String text, Op op) {
        Compare c = assertInstanceOf(Compare.class, RunFilter.parse(text));
        assertEquals(new RunField.Metric("val_accuracy", Stat.LAST), c.field());
        assertEquals(op, c.op());
        assertEquals(0.9, c.value().number(), 1e-12);
    }

    @Test
    void fieldsReadWithTheirSuffixesAndDottedDashedKeys() {
        assertEquals(new RunField.Metric("val_loss", Stat.MIN), field("metrics.val_loss.min < 1"));
        assertEquals(new RunField.Metric("loss.train", Stat.MAX), field("metrics.loss.train.max < 1"));
        assertEquals(new RunField.Param("model.hidden-size"), field("params.model.hidden-size = 64"));
        assertEquals(new RunField.Tag("team"), field("tags.team = \"vision\""));
        assertEquals(new RunField.Column(Attr.TRAINER), field("trainer = djl-mlp"));
        assertEquals(new RunField.Column(Attr.STATUS), field("STATUS = finished"));
        Compare c = assertInstanceOf(Compare.class, RunFilter.parse("name ~ \"say \\\"hi\\\" \\\\ now\""));
        assertEquals(Op.CONTAINS, c.op());
        assertEquals("say \"hi\" \\ now", c.value().text(), "escapes in quoted strings");
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        RunFilter f = RunFilter.parse("status = FAILED or not trainer = a and name ~ x");
        Or or = assertInstanceOf(Or.class, f);
        And and = assertInstanceOf(And.class, or.right());
        assertInstanceOf(Not.class, and.left());
        assertInstanceOf(Compare.class, assertInstanceOf(Not.class, and.left()).inner());

        And grouped = assertInstanceOf(And.class, RunFilter.parse("(status = FAILED OR trainer = a) AND name ~ x"));
        assertInstanceOf(Or.class, grouped.left());
    }

    @Test
    void inListsAndBlankText() {
        RunFilter.In in = assertInstanceOf(RunFilter.In.class, RunFilter.parse("status in (FINISHED, pruned)"));
        assertEquals(List.of("FINISHED", "pruned"), in.values().stream().map(RunFilter.Value::text).toList());
        assertInstanceOf(RunFilter.All.class, RunFilter.parse("   "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics.val_accuracy > | expected a value after '>', found the end | 23",
            "status = FINISHED and params.lr > | expected a value after '>', found the end | 34",
            "metrics.acc > high | expected a number for metrics.acc, found 'high' | 15",
            "status = DONE | unknown status 'DONE' (expected one of [QUEUED, RUNNING, FINISHED, FAILED, KILLED, PRUNED]) | 10",
            "status > FINISHED | status takes = != or in, not '>' | 8",
            "started > yesterday | expected a date like 2026-01-31 or 2026-01-31T14:30 for started, found 'yesterday' | 11",
            "(status = FAILED | expected ')' to close the '(' at column 1, found the end | 17",
            "status = FAILED) | unmatched ')' | 16",
            "name ~ \"abc | unterminated string: the quote is never closed | 8",
            "colour = red | unknown field 'colour' (try status, name, experiment, trainer, started, ended, params.NAME, tags.NAME, metrics.NAME) | 1",
            "params.lr 0.1 | expected an operator (= != < <= > >= ~ in) after 'params.lr', found '0.1' | 11",
            "params.lr = 0.1 trainer = x | expected 'and', 'or' or the end, found 'trainer' | 17",
            "metrics.loss ~ 1 | '~' needs text, but metrics.loss is a number | 14",
            "name = a & b | unexpected character '&' (quote text that holds it) | 10",
            "status in (FAILED KILLED) | expected ',' or ')' in the list, found 'KILLED' | 19",
            "and | expected a field (status, name, experiment, trainer, started, ended, params.NAME, tags.NAME, metrics.NAME), found 'and' | 1"})
    void errorsNameTheProblemAndItsColumn(String text, String problem, int column) {
        RunFilterException e = assertThrows(RunFilterException.class, () -> RunFilter.parse(text));
        assertEquals(problem, e.problem());
        assertEquals(column, e.column());
        assertEquals(problem + " at column " + column, e.getMessage());
    }

    @Test
    void userTextOnlyTravelsAsBoundParameters() {
        FilterSql sql = new FilterSql(ZoneOffset.UTC, 0);
        FilterSql.Fragment f = sql.where(RunFilter.parse("name ~ \"x'; DROP TABLE run; --\" and params.opt = \"a'b\""));
        assertFalse(f.sql().contains("DROP"), f.sql());
        assertFalse(f.sql().contains("a'b"), f.sql());
        assertTrue(f.args().contains("%x'; DROP TABLE run; --%"), f.args().toString());
        assertEquals(f.sql().chars().filter(c -> c == '?').count(), f.args().size(), "one argument per placeholder");
    }

    @Test
    void aDateCoversItsWholeDayInTheGivenZone() {
        FilterSql sql = new FilterSql(ZoneOffset.ofHours(2), 0);
        long dayStart = LocalDate.of(2026, 1, 2).atStartOfDay(ZoneOffset.ofHours(2)).toInstant().toEpochMilli();
        long nextDay = dayStart + 86_400_000L;

        assertEquals(List.of(dayStart, nextDay), sql.where(RunFilter.parse("started = 2026-01-02")).args());
        assertEquals(List.of(nextDay), sql.where(RunFilter.parse("started > 2026-01-02")).args(), "after the 2nd: from the 3rd");
        assertEquals(List.of(dayStart), sql.where(RunFilter.parse("started < 2026-01-02")).args());
        assertEquals(List.of(nextDay), sql.where(RunFilter.parse("ended <= 2026-01-02")).args());
    }

    @Test
    void likeWildcardsInContainsAreLiteral() {
        FilterSql.Fragment f = new FilterSql(ZoneOffset.UTC, 0).where(RunFilter.parse("name ~ \"50%_x\""));
        assertEquals(List.of("%50\\%\\_x%"), f.args());
    }

    private static RunField field(String text) {
        return assertInstanceOf(Compare.class, RunFilter.parse(text)).field();
    }
}
