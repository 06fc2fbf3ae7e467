package dev.lathe.runner;

import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.training.importance.ParamImportance;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which params mattered: fits a random forest from params to the objective over a sweep's finished trials (or the
 * given runs) and ranks params by permutation importance on held-out trials (see {@link ParamImportance}).
 */
@Command(name = "importance", description = "Rank params by how much they explain a metric over a sweep's finished "
        + "trials or the given runs (random forest, permutation importance on held-out trials).")
final class ImportanceCommand implements Callable<Integer> {
    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @Option(names = "--sweep", paramLabel = "SWEEP_ID", description = "A sweep id or prefix: its trials, and its "
            + "metric and goal unless --metric is given.")
    String sweepId;
    @Parameters(paramLabel = "RUN", arity = "0..*", description = "Run ids or unique prefixes (instead of --sweep).")
    List<String> runIds = new ArrayList<>();
    @Option(names = "--metric", description = "The objective metric (its last value per run).")
    String metric;
    @Option(names = "--goal", description = "maximize or minimize (default: the sweep's goal, else maximize); "
            + "reported with the result.")
    String goal;
    @Option(names = "--include-pruned", description = "Count pruned trials too (their last value is from fewer steps).")
    boolean includePruned;
    @Option(names = "--trees", defaultValue = "100", description = "Forest size (default: ${DEFAULT-VALUE}).")
    int trees;
    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    Format format;

    ImportanceCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if ((sweepId == null) == runIds.isEmpty()) {
            throw new UserException(ExitCodes.BAD_INPUT, "give either --sweep SWEEP_ID or run ids, not " + (sweepId == null ? "neither" : "both"));
        }
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            List<RunRow> rows;
            String objective = metric;
            String direction = goal;
            if (sweepId != null) {
                Sweep sweep = SweepCommand.find(ws, sweepId);
                SweepSpec spec = Sweeps.parseStored(sweep);
                if (objective == null) {
                    objective = spec.metric().name();
                    direction = direction != null ? direction : spec.metric().goal().name().toLowerCase(Locale.ROOT);
                }
                rows = ws.runs().rows(RunQuery.inSweep(sweep.id()));
            } else {
                if (objective == null) {
                    throw new UserException(ExitCodes.BAD_INPUT, "--metric is required with run ids");
                }
                Map<String, RunRow> byId = new HashMap<>();
                ws.runs().rows(RunQuery.all()).forEach(r -> byId.put(r.run().id(), r));
                rows = new ArrayList<>();
                for (String id : runIds) {
                    String full = ws.runs().find(id).orElseThrow(() -> new UserException(ExitCodes.WORKSPACE,
                            "no run with id '" + id + "' in " + ws.root())).id();
                    rows.add(byId.get(full));
                }
            }
            direction = direction == null ? "maximize" : direction.toLowerCase(Locale.ROOT);
            if (!direction.equals("maximize") && !direction.equals("minimize")) {
                throw new UserException(ExitCodes.BAD_INPUT, "--goal must be maximize or minimize, got '" + goal + "'");
            }
            List<ParamImportance.Trial> trials = new ArrayList<>();
            for (RunRow row : rows) {
                RunStatus status = row.run().status();
                MetricSummary m = row.metrics().get(objective);
                if (m != null && (status == RunStatus.FINISHED || includePruned && status == RunStatus.PRUNED)) {
                    trials.add(new ParamImportance.Trial(row.params(), m.last()));
                }
            }
            ParamImportance.Result result;
            try {
                result = new ParamImportance(trees, 5, 3, 17).compute(trials);
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.BAD_INPUT, e.getMessage() + " (metric " + objective + ", "
                        + (includePruned ? "finished or pruned" : "finished") + " runs of " + rows.size() + ")");
            }
            print(result, objective, direction);
            return ExitCodes.OK;
        }
    }

    private void print(ParamImportance.Result result, String objective, String direction) {
        if (format == Format.JSON) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", objective);
            m.put("goal", direction);
            m.put("trials", result.trials());
            m.put("heldOutR2", result.heldOutR2());
            m.put("method", result.method());
            m.put("params", result.params().stream().map(p -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("param", p.param());
                pm.put("share", p.share());
                pm.put("mseIncrease", p.mseIncrease());
                pm.put("std", p.std());
                pm.put("stdError", p.stdError());
                pm.put("categorical", p.categorical());
                return pm;
            }).toList());
            console.out().println(Console.json(m));
            return;
        }
        console.out().println("importance of params for " + objective + " (" + direction + ") over " + result.trials()
                + " runs; held-out R2 " + String.format(Locale.ROOT, "%.2f", result.heldOutR2()));
        TextTable table = new TextTable(List.of("PARAM", "SHARE", "MSE RISE", "STD"));
        for (ParamImportance.Importance p : result.params()) {
            table.add(List.of(p.param() + (p.categorical() ? " (categorical)" : ""),
                    String.format(Locale.ROOT, "%.1f%%", 100 * p.share()), RunViews.value(p.mseIncrease()), RunViews.value(p.std())));
        }
        console.out().print(table.render());
        console.out().println(result.method());
    }
}
