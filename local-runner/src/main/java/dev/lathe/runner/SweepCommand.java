package dev.lathe.runner;

import dev.lathe.core.Experiment;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepCoordinator;
import dev.lathe.sweeps.SweepListener;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.sweeps.SweepStatusReader;
import dev.lathe.sweeps.TrialExecutor;
import dev.lathe.sweeps.WorkerExecutor;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.sweeps.cluster.ClusterExecutor;
import dev.lathe.sweeps.cluster.ClusterExecutors;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", description = "Hyperparameter sweeps: start, follow, stop and resume them (docs/sweeps.md).",
        subcommands = {SweepCommand.Start.class, SweepCommand.Resume.class, SweepCommand.Status.class,
                SweepCommand.Stop.class, SweepCommand.ListSweeps.class})
final class SweepCommand {

    @Command(name = "start", description = "Start a sweep from a sweep file and run it to the end.")
    static final class Start implements Callable<Integer> {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Parameters(paramLabel = "FILE.yaml", description = "The sweep file.")
        Path file;
        @Option(names = "--events", description = "Print one JSON object per line (the runner protocol) instead of text.")
        boolean events;
        @Option(names = "--format", defaultValue = "table", description = "Summary format at the end: table or json.")
        Format format;
        @Option(names = "--executor", paramLabel = "TYPE", description = "Where trials run: local, slurm or kubernetes "
                + "(overrides the type of the sweep file's executor block; docs/cluster.md).")
        SweepSpec.Executor.Type executorType;

        Start(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            console.setEvents(events);
            SweepSpec spec = withExecutor(Sweeps.parse(file), executorType);
            Sweeps.Plan plan = Sweeps.plan(spec);
            String text = read(file);
            try (Workspace ws = workspace.open(Workspace.Mode.CREATE); Tracker tracker = new Tracker(ws)) {
                ClusterExecutors.preflight(spec, ws); // the cluster answers before the sweep is recorded
                Experiment experiment = ws.experiments().getOrCreate(spec.experiment());
                Sweep sweep = ws.sweeps().create(experiment.id(), spec.name(), text, file.toAbsolutePath().toString());
                console.say("sweep " + sweep.id() + " (" + spec.name() + "): " + spec.method().name().toLowerCase(java.util.Locale.ROOT)
                        + " over " + spec.parameters().names().size() + " params, " + spec.runCap() + " trials, "
                        + (spec.executor().type() != SweepSpec.Executor.Type.LOCAL ? "on " + spec.executor().type().label()
                        : plan.slots() + " slot" + (plan.slots() == 1 ? "" : "s")) + "; workspace " + ws.root());
                return runCoordinator(console, ws, tracker, sweep, spec, plan, format);
            }
        }
    }

    @Command(name = "resume", description = "Continue a stopped or crashed sweep where it was.")
    static final class Resume implements Callable<Integer> {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Parameters(paramLabel = "SWEEP_ID", description = "A sweep id or a unique prefix of one.")
        String sweepId;
        @Option(names = "--events", description = "Print one JSON object per line instead of text.")
        boolean events;
        @Option(names = "--format", defaultValue = "table", description = "Summary format at the end: table or json.")
        Format format;
        @Option(names = "--executor", paramLabel = "TYPE", description = "Where trials run: local, slurm or kubernetes "
                + "(default: where the sweep's trials ran so far).")
        SweepSpec.Executor.Type executorType;

        Resume(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            console.setEvents(events);
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                Sweep sweep = find(ws, sweepId);
                if (ws.sweeps().hasLiveCoordinator(sweep.id())) {
                    throw new UserException(ExitCodes.BAD_INPUT, "sweep " + sweep.id() + " is being run by another "
                            + "process; stop it first (lathe sweep stop " + RunViews.shortId(sweep.id()) + ")");
                }
                SweepSpec spec = Sweeps.parseStored(sweep);
                spec = withExecutor(spec, executorType != null ? executorType : ClusterExecutors.usedBy(ws, sweep));
                if (sweep.status() == Sweep.Status.FINISHED) {
                    console.say("sweep " + sweep.id() + " already finished; nothing to resume");
                    printSummary(console, SweepStatusReader.read(ws, sweep, spec), format);
                    return ExitCodes.OK;
                }
                Sweeps.Plan plan = Sweeps.plan(spec);
                ClusterExecutors.preflight(spec, ws);
                try (Tracker tracker = new Tracker(ws)) {
                    console.say("resuming sweep " + sweep.id() + " (" + spec.name() + ")");
                    return runCoordinator(console, ws, tracker, sweep, spec, plan, format);
                }
            }
        }
    }

    @Command(name = "status", description = "Trials done, running, pruned and failed, and the best so far.")
    static final class Status implements Callable<Integer> {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Parameters(paramLabel = "SWEEP_ID", arity = "0..1", description = "A sweep id or prefix (default: the newest sweep).")
        String sweepId;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        Status(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                Sweep sweep = sweepId != null ? find(ws, sweepId) : ws.sweeps().list().stream().findFirst()
                        .orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT, "no sweeps in " + ws.root()));
                SweepStatus status = SweepStatusReader.read(ws, sweep, Sweeps.readStored(sweep));
                if (format == Format.JSON) {
                    Map<String, Object> out = json(status, true);
                    addClusterJobs(ws, out);
                    console.out().println(Console.json(out));
                } else {
                    console.out().print(render(status));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "stop", description = "Ask a running sweep to stop; `sweep resume` continues it later.")
    static final class Stop implements Callable<Integer> {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Parameters(paramLabel = "SWEEP_ID", description = "A sweep id or a unique prefix of one.")
        String sweepId;

        Stop(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                Sweep sweep = find(ws, sweepId);
                if (sweep.status() == Sweep.Status.FINISHED || sweep.status() == Sweep.Status.STOPPED
                        || sweep.status() == Sweep.Status.FAILED) {
                    console.say("sweep " + sweep.id() + " is not running (" + sweep.status() + ")");
                    return ExitCodes.OK;
                }
                ws.sweeps().setStatus(sweep.id(), Sweep.Status.STOPPING);
                console.say("asked sweep " + sweep.id() + " to stop; its running trials end after their current step");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", description = "List the sweeps of a workspace, newest first.")
    static final class ListSweeps implements Callable<Integer> {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        ListSweeps(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                List<SweepStatus> all = new ArrayList<>();
                for (Sweep s : ws.sweeps().list()) {
                    all.add(SweepStatusReader.read(ws, s, Sweeps.readStored(s)));
                }
                if (format == Format.JSON) {
                    console.out().println(Console.json(all.stream().map(s -> json(s, false)).toList()));
                    return ExitCodes.OK;
                }
                if (all.isEmpty()) {
                    console.out().println("No sweeps in " + ws.root() + ". Start one: lathe sweep start FILE.yaml");
                    return ExitCodes.OK;
                }
                TextTable t = new TextTable(List.of("ID", "NAME", "STATUS", "TRIALS", "PRUNED", "FAILED", "BEST", "METRIC"));
                for (SweepStatus s : all) {
                    t.add(List.of(RunViews.shortId(s.sweep().id()), s.sweep().name(), s.sweep().status().name(),
                            s.done() + "/" + s.runCap(), String.valueOf(s.count(RunStatus.PRUNED)),
                            String.valueOf(s.count(RunStatus.FAILED)),
                            s.best().map(b -> RunViews.value(b.objective())).orElse(""), s.metric().name()));
                }
                console.out().print(t.render());
                return ExitCodes.OK;
            }
        }
    }

    /** The spec with its executor's type replaced (from --executor), or as it is when type is null. */
    static SweepSpec withExecutor(SweepSpec spec, SweepSpec.Executor.Type type) {
        return type == null || type == spec.executor().type() ? spec : spec.withExecutor(spec.executor().withType(type));
    }

    static Sweep find(Workspace ws, String id) {
        return ws.sweeps().find(id).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                "no sweep with id '" + id + "' in " + ws.root() + " (see `lathe sweep list`)"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserException(ExitCodes.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Runs the coordinator with progress on the console; Ctrl-C stops the sweep cleanly (resumable). */
    static int runCoordinator(Console console, Workspace ws, Tracker tracker, Sweep sweep, SweepSpec spec,
                              Sweeps.Plan plan, Format format) {
        SweepDisplay display = new SweepDisplay(console, spec);
        TrialExecutor executor;
        int slots = plan.slots();
        if (spec.executor().type() != SweepSpec.Executor.Type.LOCAL) {
            executor = ClusterExecutors.create(ws, tracker, spec, sweep, plan, TrialCommand.trialRunCommand());
            // the cluster's scheduler queues what it cannot run yet: hand it every trial the budget allows
            slots = spec.parallel() != null ? spec.parallel() : Math.min(spec.runCap(), ClusterExecutors.MAX_SLOTS);
            console.say("trials run on " + spec.executor().type().label() + " (" + ClusterExecutors.describe(spec, ws)
                    + "); Ctrl-C leaves them running and `lathe sweep resume " + RunViews.shortId(sweep.id())
                    + "` follows them again");
        } else {
            executor = plan.ownProcesses()
                    ? new WorkerExecutor(TrialCommand.workerCommand(ws, sweep), ws, ws.root().resolve("logs"), plan.gpus())
                    : SweepCoordinator.inProcess(tracker, plan.task(), spec, sweep);
        }
        SweepCoordinator coordinator = new SweepCoordinator(ws, sweep, spec, executor, plan.sampler(),
                plan.scheduler(), Sweeps::format, slots, display);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            if (executor instanceof dev.lathe.sweeps.cluster.ClusterExecutor cluster) {
                cluster.detach(); // jobs keep running on the cluster; resume re-attaches
            }
            coordinator.requestStop("interrupted: the runner was stopped (SIGINT/SIGTERM)");
            try {
                finished.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        console.event("sweep-started", Map.of("sweep_id", sweep.id(), "name", spec.name(), "run_cap", spec.runCap(),
                "slots", slots, "workspace", ws.root().toString(), "executor", spec.executor().type().label()));
        SweepStatus result;
        try {
            result = coordinator.run();
        } finally {
            executor.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
        display.finish();
        console.event("sweep-finished", json(result, false));
        if (!console.events()) {
            printSummary(console, result, format);
        }
        return result.sweep().status() == Sweep.Status.FAILED ? ExitCodes.RUN_FAILED : ExitCodes.OK;
    }

    static void printSummary(Console console, SweepStatus status, Format format) {
        if (format == Format.JSON) {
            console.out().println(Console.json(json(status, true)));
        } else {
            console.out().print(render(status));
        }
    }

    static String render(SweepStatus s) {
        StringBuilder sb = new StringBuilder();
        sb.append("Sweep ").append(s.sweep().id()).append("  (").append(s.sweep().name()).append(")\n");
        sb.append(String.format("%-12s %s%n", "status", s.sweep().status()));
        sb.append(String.format("%-12s %d/%d done: %d finished, %d pruned, %d failed; %d running, %d queued, %d killed%n",
                "trials", s.done(), s.runCap(), s.count(RunStatus.FINISHED), s.count(RunStatus.PRUNED),
                s.count(RunStatus.FAILED), s.count(RunStatus.RUNNING), s.count(RunStatus.QUEUED), s.count(RunStatus.KILLED)));
        sb.append(String.format("%-12s %s%n", "time", human(s.spent())));
        s.best().ifPresent(b -> sb.append(String.format("%-12s trial %d  %s %s  run %s  %s%n", "best", b.index(),
                s.metric().name(), RunViews.value(b.objective()), RunViews.shortId(b.runId()), params(b.params()))));
        if (!s.trials().isEmpty()) {
            sb.append('\n');
            TextTable t = new TextTable(List.of("TRIAL", "STATUS", s.metric().name().toUpperCase(java.util.Locale.ROOT),
                    "STEP", "RUN", "PARAMS"));
            for (SweepStatus.Trial tr : s.trials()) {
                t.add(List.of(String.valueOf(tr.index()), tr.status().name(),
                        tr.objective() == null ? "" : RunViews.value(tr.objective()), String.valueOf(tr.step()),
                        RunViews.shortId(tr.runId()), params(tr.params())));
            }
            sb.append(t.render());
        }
        return sb.toString();
    }

    static String params(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        return sb.toString().strip();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }

    static Map<String, Object> json(SweepStatus s, boolean withTrials) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.sweep().id());
        m.put("name", s.sweep().name());
        m.put("status", s.sweep().status().name());
        m.put("metric", Map.of("name", s.metric().name(), "goal", s.metric().goal().name().toLowerCase(java.util.Locale.ROOT)));
        m.put("run_cap", s.runCap());
        m.put("done", s.done());
        for (RunStatus st : RunStatus.values()) {
            m.put(st.name().toLowerCase(java.util.Locale.ROOT), s.count(st));
        }
        m.put("spent_seconds", s.spent().toMillis() / 1000.0);
        m.put("best", s.best().map(SweepCommand::trialJson).orElse(null));
        m.put("source", s.sweep().source());
        if (withTrials) {
            m.put("trials", s.trials().stream().map(SweepCommand::trialJson).toList());
        }
        return m;
    }

    /** Adds executor, job_id and executor_state (from the runs' tags) to each cluster trial of a status object. */
    @SuppressWarnings("unchecked")
    static void addClusterJobs(Workspace ws, Map<String, Object> status) {
        if (!(status.get("trials") instanceof List<?> trials)) {
            return;
        }
        for (Object o : trials) {
            Map<String, Object> trial = (Map<String, Object>) o;
            ws.runs().detail((String) trial.get("run_id")).ifPresent(d -> {
                String job = d.tags().get(ClusterExecutor.TAG_JOB_ID);
                if (job != null) {
                    trial.put("executor", d.tags().get(ClusterExecutor.TAG_EXECUTOR));
                    trial.put("job_id", job);
                    trial.put("executor_state", d.tags().get(ClusterExecutor.TAG_STATE));
                }
            });
        }
    }

    static Map<String, Object> trialJson(SweepStatus.Trial t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", t.index());
        m.put("run_id", t.runId());
        m.put("status", t.status().name());
        m.put("value", t.objective() == null ? null : RunViews.number(t.objective()));
        m.put("step", t.step());
        m.put("params", t.params());
        m.put("reason", t.reason());
        return m;
    }

    /** Progress of a live sweep: a status line on a terminal, a line per trial otherwise, events with --events. */
    private static final class SweepDisplay implements SweepListener {
        private final Console console;
        private final SweepSpec spec;
        private long lastDraw;
        private boolean drew;

        SweepDisplay(Console console, SweepSpec spec) {
            this.console = console;
            this.spec = spec;
        }

        @Override
        public void trialStarted(int trial, String runId, Map<String, String> params) {
            console.event("trial-started", Map.of("trial", trial, "run_id", runId, "params", params));
        }

        @Override
        public void metric(int trial, String runId, String key, long step, double value) {
            console.event("metric", Map.of("trial", trial, "run_id", runId, "key", key, "step", step,
                    "value", RunViews.number(value)));
        }

        /** Cluster facts per run: job_id, executor, executor_state (for the events of cluster trials). */
        private final Map<String, Map<String, Object>> jobs = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void trialState(int trial, String runId, String executor, String jobId, String state) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("trial", trial);
            fields.put("run_id", runId);
            fields.put("executor", executor);
            fields.put("job_id", jobId);
            fields.put("executor_state", state);
            jobs.put(runId, Map.of("executor", executor, "job_id", jobId, "executor_state", state));
            console.event("trial-state", fields);
            if (!console.events() && !console.isTerminal()) {
                console.out().println("trial " + trial + " " + executor + " job " + jobId + " " + state);
            }
        }

        @Override
        public synchronized void trialEnded(SweepStatus.Trial t) {
            Map<String, Object> ended = new LinkedHashMap<>(trialJson(t));
            ended.putAll(jobs.getOrDefault(t.runId(), Map.of()));
            console.event("trial-finished", ended);
            if (!console.events() && !console.isTerminal()) {
                console.out().println("trial " + t.index() + " " + t.status()
                        + (t.objective() == null ? "" : "  " + spec.metric().name() + " " + RunViews.value(t.objective()))
                        + "  step " + t.step() + "  " + params(t.params())
                        + (t.reason() == null || t.status() == RunStatus.FINISHED ? "" : "  (" + t.reason() + ")"));
            }
        }

        @Override
        public synchronized void progress(SweepStatus s) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("done", s.done());
            fields.put("run_cap", s.runCap());
            fields.put("running", s.count(RunStatus.RUNNING) + s.count(RunStatus.QUEUED));
            fields.put("pruned", s.count(RunStatus.PRUNED));
            fields.put("failed", s.count(RunStatus.FAILED));
            fields.put("best", s.best().map(b -> RunViews.number(b.objective())).orElse(null));
            console.event("sweep-progress", fields);
            if (!console.isTerminal()) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            String best = s.best().map(b -> "best " + spec.metric().name() + " " + RunViews.value(b.objective())
                    + " (#" + b.index() + ")").orElse("no result yet");
            String eta = s.remaining().map(d -> "  ETA " + human(d)).orElse("");
            console.out().print("\r" + spec.name() + "  " + s.done() + "/" + s.runCap() + " trials  "
                    + (s.count(RunStatus.RUNNING) + s.count(RunStatus.QUEUED)) + " running  "
                    + s.count(RunStatus.PRUNED) + " pruned  " + s.count(RunStatus.FAILED) + " failed  " + best + eta
                    + "\u001b[K");
            console.out().flush();
            drew = true;
        }

        void finish() {
            if (drew) {
                console.out().println();
            }
        }
    }
}
