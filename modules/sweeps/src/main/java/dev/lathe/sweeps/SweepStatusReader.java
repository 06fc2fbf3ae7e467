package dev.lathe.sweeps;

import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads a sweep's state from the workspace: the trials as they stand, whatever process ran them. */
public final class SweepStatusReader {
    private SweepStatusReader() {
    }

    public static SweepStatus read(Workspace ws, Sweep sweep, SweepSpec spec) {
        Map<Integer, List<RunRow>> byTrial = new TreeMap<>();
        for (RunRow row : ws.runs().rows(RunQuery.inSweep(sweep.id()))) {
            if (row.run().trialIndex() != null) {
                byTrial.computeIfAbsent(row.run().trialIndex(), i -> new ArrayList<>()).add(row);
            }
        }
        List<SweepStatus.Trial> trials = new ArrayList<>();
        byTrial.forEach((index, rows) -> trials.add(trial(index, current(rows), spec)));
        Duration spent = Duration.ofMillis(ws.sweeps().spentMillis(sweep.id()));
        return new SweepStatus(sweep, spec.metric(), runCap(spec), List.copyOf(trials), spent, Optional.empty());
    }

    /** The run that stands for a trial: a done one if any, else a queued or running one, else the last killed. */
    static RunRow current(List<RunRow> rows) {
        Comparator<RunRow> rank = Comparator.comparingInt(r -> switch (r.run().status()) {
            case FINISHED, PRUNED, FAILED -> 0;
            case RUNNING, QUEUED -> 1;
            case KILLED -> 2;
        });
        return rows.stream().min(rank).orElseThrow();
    }

    /** A trial from its run: only the swept params (trainers also record their defaults on the run). */
    static SweepStatus.Trial trial(int index, RunRow row, SweepSpec spec) {
        MetricSummary m = row.metrics().get(spec.metric().name());
        Map<String, String> swept = new java.util.LinkedHashMap<>();
        for (String name : spec.parameters().names()) {
            String v = row.params().get(name);
            if (v != null) {
                swept.put(name, v);
            }
        }
        return new SweepStatus.Trial(index, row.run().id(), row.run().status(), swept,
                m == null ? null : m.last(), m == null ? 0 : m.lastStep(), row.run().statusReason());
    }

    /** run_cap, or for a grid without one, the grid's size (the parser fills it). */
    static int runCap(SweepSpec spec) {
        return spec.runCap();
    }

    /** Trials whose outcome counts, for samplers: finished, pruned and failed ones, plus those running now. */
    static TrialResult.State state(RunStatus status) {
        return switch (status) {
            case FINISHED -> TrialResult.State.FINISHED;
            case PRUNED -> TrialResult.State.PRUNED;
            case FAILED -> TrialResult.State.FAILED;
            case QUEUED, RUNNING, KILLED -> TrialResult.State.RUNNING;
        };
    }
}
