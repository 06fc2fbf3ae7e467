package dev.lathe.runner;

import dev.lathe.core.Experiment;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepCoordinator;
import dev.lathe.sweeps.SweepListener;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.sweeps.TrialExecutor;
import dev.lathe.sweeps.WorkerExecutor;
import dev.lathe.sweeps.schedule.Scheduler;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `lathe bench sweep`: the same random search on digits with djl-mlp twice, without early stopping and with
 * Hyperband (ASHA), same budget and seeds; prints epochs consumed, best accuracy, wall time, scheduler
 * overhead and CPU use of each.
 */
@Command(name = "sweep", description = "Random search on digits with djl-mlp, without and with Hyperband early "
        + "stopping: epochs, best accuracy, wall time, scheduler overhead, CPU use.")
final class SweepBench implements Callable<Integer> {
    private final Console console;
    @Option(names = "--trials", defaultValue = "36", description = "Trials per sweep (default: ${DEFAULT-VALUE}).")
    int trials;
    @Option(names = "--epochs", defaultValue = "27", description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of both sweeps (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    Format format;

    SweepBench(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("lathe-bench-sweep-");
        try {
            Path data = scratch.resolve("digits.csv");
            try (InputStream in = SweepBench.class.getResourceAsStream("demo/digits.csv")) {
                Files.copy(in, data, StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("dataset", "digits.csv (1797 rows, 64 features, 10 classes)");
            result.put("trainer", "djl-mlp");
            result.put("trials", trials);
            result.put("epochs_per_trial", epochs);
            result.put("cores", Runtime.getRuntime().availableProcessors());
            Map<String, Object> random = measure(scratch, "random", null);
            Map<String, Object> asha = measure(scratch, "hyperband", "{type: hyperband, min_iter: 3, eta: 3}");
            result.put("random", random);
            result.put("hyperband", asha);
            double bestGap = (double) random.get("best_val_accuracy") - (double) asha.get("best_val_accuracy");
            double epochShare = ((Number) asha.get("epochs")).doubleValue() / ((Number) random.get("epochs")).doubleValue();
            result.put("best_gap_points", round(bestGap * 100));
            result.put("epoch_share", round(epochShare));
            result.put("goal_best_within_0_5_points", bestGap <= 0.005);
            result.put("goal_epochs_at_most_40_percent", epochShare <= 0.40);
            print(result);
            return ExitCodes.OK;
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Map<String, Object> measure(Path scratch, String name, String earlyTerminate) throws IOException {
        Path file = scratch.resolve(name + ".yaml");
        Files.writeString(file, """
                name: bench-%s
                data: digits.csv
                label: digit
                trainer: djl-mlp
                method: random
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  epochs: {value: %d}
                  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.05}
                  hidden: {values: ["32", "64", "128", "128,64"]}
                  batch_size: {values: [32, 64]}
                  dropout: {distribution: uniform, min: 0.0, max: 0.3}
                %s
                run_cap: %d
                seed: %d
                """.formatted(name, epochs, earlyTerminate == null ? "" : "early_terminate: " + earlyTerminate, trials, seed));
        SweepSpec spec = Sweeps.parse(file);
        Sweeps.Plan plan = Sweeps.plan(spec);
        AtomicLong schedulerNanos = new AtomicLong();
        AtomicLong reports = new AtomicLong();
        Scheduler timed = new Scheduler() {
            @Override
            public boolean report(int trial, long step, double value) {
                long start = System.nanoTime();
                try {
                    return plan.scheduler().report(trial, step, value);
                } finally {
                    schedulerNanos.addAndGet(System.nanoTime() - start);
                    reports.incrementAndGet();
                }
            }

            @Override
            public void ended(int trial) {
                plan.scheduler().ended(trial);
            }
        };
        Path wsDir = scratch.resolve("ws-" + name);
        try (Workspace ws = Workspace.open(wsDir)) {
            Experiment experiment = ws.experiments().getOrCreate(spec.experiment());
            Sweep sweep = ws.sweeps().create(experiment.id(), spec.name(), Files.readString(file), file.toString());
            Progress progress = new Progress(console, name, format == Format.JSON ? console.err() : console.out());
            SweepListener listener = new SweepListener() {
                @Override
                public void progress(SweepStatus s) {
                    progress.update("trials", s.done(), s.runCap(), null);
                }
            };
            long[] cpuBefore = CpuUse.read();
            long start = System.nanoTime();
            SweepStatus status;
            try (TrialExecutor executor = new WorkerExecutor(TrialCommand.workerCommand(ws, sweep), ws, wsDir.resolve("logs"))) {
                status = new SweepCoordinator(ws, sweep, spec, executor, plan.sampler(), timed, Sweeps::format,
                        plan.slots(), listener).run();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            long[] cpuAfter = CpuUse.read();
            progress.finish();
            long epochsUsed = status.trials().stream().mapToLong(SweepStatus.Trial::step).sum();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("best_val_accuracy", status.best().map(SweepStatus.Trial::objective).orElse(Double.NaN));
            m.put("epochs", epochsUsed);
            m.put("pruned", status.count(RunStatus.PRUNED));
            m.put("failed", status.count(RunStatus.FAILED));
            m.put("wall_seconds", round(wall));
            m.put("slots", plan.slots());
            double perTrialMs = schedulerNanos.get() / 1e6 / Math.max(1, status.trials().size());
            double trialMs = wall * 1000 * plan.slots() / Math.max(1, status.trials().size());
            m.put("scheduler_ms_per_trial", round(perTrialMs));
            m.put("scheduler_share_of_trial_time", round(perTrialMs / trialMs));
            m.put("cpu_busy_share", cpuBefore == null || cpuAfter == null ? null : round(CpuUse.busyShare(cpuBefore, cpuAfter)));
            return m;
        }
    }

    private void print(Map<String, Object> result) {
        if (format == Format.JSON) {
            console.out().println(Console.json(result));
            return;
        }
        result.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                console.out().println(k);
                m.forEach((mk, mv) -> console.out().printf("  %-30s %s%n", mk, mv));
            } else {
                console.out().printf("%-32s %s%n", k, v);
            }
        });
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** Machine-wide CPU use from /proc/stat (Linux): busy and total jiffies; null elsewhere. */
    static final class CpuUse {
        private CpuUse() {
        }

        static long[] read() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
                String[] f = lines.get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
                return new long[] {total - idle, total};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static double busyShare(long[] before, long[] after) {
            long total = after[1] - before[1];
            return total == 0 ? 0 : (double) (after[0] - before[0]) / total;
        }
    }
}
