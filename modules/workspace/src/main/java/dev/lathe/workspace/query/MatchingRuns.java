package dev.lathe.workspace.query;

import dev.lathe.workspace.query.RunFilter.Op;
import dev.lathe.workspace.query.RunFilter.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The set of runs a filter matches, as a bit set of run pks, worked out leaf by leaf: each param, tag or metric
 * comparison reads only the index entries in its range (a covering index walk, tens of nanoseconds an entry),
 * each part that reads only run columns is one query over the run table, and and / or / not are bit set
 * operations. SQLite answering the same filter as one WHERE builds a temporary B-tree per {@code IN (SELECT ...)}
 * and probes it per run, several times slower at 100,000 runs; here the count is the set's cardinality.
 *
 * <p>Conditions compiled by {@link FilterSql} are never NULL, so {@code not} is the exact complement within the
 * scope, as in SQL.
 */
public final class MatchingRuns {
    /** Which runs a table shows before its filter: all or one experiment's or sweep's, with archived runs or not. */
    public record Scope(String experimentId, String sweepId, boolean includeArchived) {
        /** The scope as a condition on {@code run r}, its parameters added to args. */
        public String where(List<Object> args) {
            StringBuilder w = new StringBuilder(includeArchived ? "1" : "r.archived = 0");
            if (experimentId != null) {
                w.append(" AND r.experiment_id = ?");
                args.add(experimentId);
            }
            if (sweepId != null) {
                w.append(" AND r.sweep_id = ?");
                args.add(sweepId);
            }
            return w.toString();
        }
    }

    private final Connection c;
    private final FilterSql sql;
    private final Scope scope;
    private BitSet universe;
    private long runCount = -1;
    /** A set of at most 1 / FEW of the runs has a run-column condition tested on its members only. */
    private static final int FEW = 10;

    private MatchingRuns(Connection c, FilterSql sql, Scope scope) {
        this.c = c;
        this.sql = sql;
        this.scope = scope;
    }

    /** The pks of the runs in scope that the filter matches; null when a pk does not fit a bit set index. */
    public static BitSet of(Connection c, FilterSql sql, RunFilter filter, Scope scope) throws SQLException {
        MatchingRuns m = new MatchingRuns(c, sql, scope);
        try {
            Set matched = m.eval(filter);
            BitSet out;
            if (matched.negated()) {
                out = (BitSet) m.universe().clone();
                out.andNot(matched.bits());
            } else {
                out = m.restrict(matched.bits());
            }
            return out;
        } catch (PkOutOfRange e) {
            return null;
        }
    }

    /**
     * A set of runs, or with negated the runs in scope outside it: a not is applied when it meets an and or an
     * or (a and not b is a minus b), so only a not at the top needs every run in scope read.
     */
    private record Set(BitSet bits, boolean negated) {
        Set not() {
            return new Set(bits, !negated);
        }
    }

    private Set eval(RunFilter f) throws SQLException {
        if (f instanceof RunFilter.All) {
            return new Set(new BitSet(), true);
        }
        if (FilterSql.onRunColumns(f)) {
            if (f instanceof RunFilter.And) {
                // when one experiment's runs are a third of the runs or fewer, the other conditions are tested on
                // just them, found through the (experiment_id, started_at) index (SQLite would rather test every run)
                List<RunFilter> conjuncts = new ArrayList<>();
                conjuncts(f, conjuncts);
                for (RunFilter e : conjuncts) {
                    if (isExperiment(e)) {
                        FilterSql.Fragment we = sql.where(e);
                        if (count("SELECT count(*) FROM run r WHERE " + we.sql(), we.args()) * 3 > runCount()) {
                            break;
                        }
                        FilterSql.Fragment w = sql.where(f);
                        return new Set(pks("SELECT r.pk FROM run r INDEXED BY run_by_experiment WHERE " + w.sql(),
                                w.args()), false);
                    }
                }
            }
            FilterSql.Fragment w = sql.where(f);
            return new Set(pks("SELECT r.pk FROM run r WHERE " + w.sql(), w.args()), false);
        }
        return switch (f) {
            // the param, tag or metric side first: its set can spare the other side a pass over the run table
            case RunFilter.And(RunFilter l, RunFilter r) when FilterSql.onRunColumns(l) -> and(eval(r), l);
            case RunFilter.And(RunFilter l, RunFilter r) -> and(eval(l), r);
            case RunFilter.Or(RunFilter l, RunFilter r) -> or(eval(l), eval(r));
            case RunFilter.Not(RunFilter inner) -> eval(inner).not();
            case RunFilter.In(RunField field, List<Value> values) -> {
                BitSet a = new BitSet();
                for (Value v : values) {
                    a.or(leaf(field, Op.EQ, v));
                }
                yield new Set(a, false);
            }
            case RunFilter.Compare(RunField field, Op op, Value v) -> new Set(leaf(field, op, v), false);
            case RunFilter.All() -> throw new IllegalStateException("handled above");
        };
    }

    /** experiment = x, which the run_by_experiment index answers. */
    private static boolean isExperiment(RunFilter f) {
        return f instanceof RunFilter.Compare(RunField.Column(RunField.Attr attr), Op op, Value v)
                && attr == RunField.Attr.EXPERIMENT && op == Op.EQ;
    }

    private static void conjuncts(RunFilter f, List<RunFilter> out) {
        if (f instanceof RunFilter.And(RunFilter l, RunFilter r)) {
            conjuncts(l, out);
            conjuncts(r, out);
        } else {
            out.add(f);
        }
    }

    /** The runs of a that meet a run-column condition, tested on just them. */
    private Set restrictTo(BitSet a, RunFilter columnCondition) throws SQLException {
        if (a.isEmpty()) {
            return new Set(a, false);
        }
        FilterSql.Fragment w = sql.where(columnCondition);
        List<Object> args = new ArrayList<>();
        args.add(a.stream().mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        args.addAll(w.args());
        return new Set(pks("SELECT r.pk FROM json_each(?) i CROSS JOIN run r ON r.pk = i.value WHERE " + w.sql(), args),
                false);
    }

    private Set and(Set a, RunFilter right) throws SQLException {
        if (!a.negated() && a.bits().isEmpty()) {
            return a;
        }
        if (!a.negated() && FilterSql.onRunColumns(right) && (long) a.bits().cardinality() * FEW <= runCount()) {
            // few runs so far: test the run-column condition on just them instead of on every run
            return restrictTo(a.bits(), right);
        }
        Set b = eval(right);
        BitSet out = a.bits();
        if (!a.negated() && !b.negated()) {
            out.and(b.bits());
        } else if (!a.negated()) {
            out.andNot(b.bits());
        } else if (!b.negated()) {
            BitSet o = b.bits();
            o.andNot(out);
            return new Set(o, false);
        } else {
            out.or(b.bits());
        }
        return new Set(out, a.negated() && b.negated());
    }

    private static Set or(Set a, Set b) {
        // a or b = not (not a and not b)
        Set na = a.not();
        Set nb = b.not();
        BitSet out = na.bits();
        if (!na.negated() && !nb.negated()) {
            out.and(nb.bits());
        } else if (!na.negated()) {
            out.andNot(nb.bits());
        } else if (!nb.negated()) {
            BitSet o = nb.bits();
            o.andNot(out);
            return new Set(o, false).not();
        } else {
            out.or(nb.bits());
        }
        return new Set(out, na.negated() && nb.negated()).not();
    }

    private BitSet leaf(RunField field, Op op, Value v) throws SQLException {
        FilterSql.Fragment q = sql.runsWith(field, op, v);
        return pks(q.sql(), q.args());
    }

    /**
     * Leaves hold only existing runs (params, tags and summaries go with their run), so hiding archived runs is
     * removing the few archived ones; a narrower scope is an intersection.
     */
    private BitSet restrict(BitSet matched) throws SQLException {
        if (scope.experimentId() == null && scope.sweepId() == null) {
            if (!scope.includeArchived() && !matched.isEmpty()) {
                matched.andNot(pks("SELECT pk FROM run WHERE archived > 0", List.of()));
            }
            return matched;
        }
        matched.and(universe());
        return matched;
    }

    private long count(String query, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** About how many runs there are: the highest pk (SQLite's rowids grow with each run). */
    private long runCount() throws SQLException {
        if (runCount < 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(pk), 0) FROM run");
                 ResultSet rs = ps.executeQuery()) {
                runCount = rs.next() ? rs.getLong(1) : 0;
            }
        }
        return runCount;
    }

    private BitSet universe() throws SQLException {
        if (universe == null) {
            List<Object> args = new ArrayList<>();
            String where = scope.where(args);
            universe = pks("SELECT r.pk FROM run r WHERE " + where, args);
        }
        return universe;
    }

    private BitSet pks(String query, List<Object> args) throws SQLException {
        BitSet out = new BitSet();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long pk = rs.getLong(1);
                    if (pk < 0 || pk >= Integer.MAX_VALUE) {
                        throw new PkOutOfRange();
                    }
                    out.set((int) pk);
                }
            }
        }
        return out;
    }

    /** A pk outside 0 .. 2^31 - 2 (never made by SQLite's own rowids): the caller answers with plain SQL. */
    private static final class PkOutOfRange extends RuntimeException {
        PkOutOfRange() {
            super(null, null, false, false);
        }
    }

    /**
     * The set as a blob with byte pk = 1 for a member, bound as a parameter: {@code substr(?, pk + 1, 1) = x'01'}
     * tests membership in SQL at a few tens of nanoseconds a row (substr on a blob indexes bytes directly).
     */
    public static byte[] mask(BitSet set) {
        byte[] out = new byte[set.length()];
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
            out[i] = 1;
        }
        return out;
    }

    /** The SQL membership test for a pk expression against {@link #mask}, which binds as its one parameter. */
    public static String inMask(String pkExpression) {
        return "substr(?, " + pkExpression + " + 1, 1) = x'01'";
    }
}
