package dev.lathe.app.sweeps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.app.Formats;
import dev.lathe.core.RunStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One sweep, live or looked at: starts or resumes it in a runner child process with {@code --events}, reads the
 * events on a thread of its own and applies them to the trials, counts and best-so-far curve in batches (at most
 * one UI update per 150 ms). A runner that crashes or refuses the sweep file ends the session with its reason;
 * nothing it does can throw into the app.
 */
public final class SweepRunViewModel {
    private static final System.Logger LOG = System.getLogger(SweepRunViewModel.class.getName());
    static final Duration COALESCE_INTERVAL = Duration.ofMillis(150);
    private static final int STDERR_TAIL_LINES = 25;

    /** A point of the best-so-far curve: after done trials had ended, the best value was best. */
    public record CurvePoint(int done, double best) {
    }

    /** A trial's own value at the position it ended in; pruned trials are drawn differently. */
    public record TrialPoint(int order, double value, RunStatus status, int trial) {
    }

    /** One logged value of the selected trial's metric. */
    public record StepPoint(long step, double value) {
    }

    private final Path workspace;
    private final RunnerClient runner;
    private final Executor background;
    private final Executor ui;
    private final Duration interval;
    private final ObjectMapper json = new ObjectMapper();

    private final ObservableList<TrialRow> trials = FXCollections.observableArrayList();
    private final ObservableList<TrialRow> trialsView = FXCollections.unmodifiableObservableList(trials);
    private final ObservableList<CurvePoint> curve = FXCollections.observableArrayList();
    private final ObservableList<CurvePoint> curveView = FXCollections.unmodifiableObservableList(curve);
    private final ObservableList<TrialPoint> points = FXCollections.observableArrayList();
    private final ObservableList<TrialPoint> pointsView = FXCollections.unmodifiableObservableList(points);
    private final ObservableList<StepPoint> trialCurve = FXCollections.observableArrayList();
    private final ObservableList<StepPoint> trialCurveView = FXCollections.unmodifiableObservableList(trialCurve);
    private final ReadOnlyObjectWrapper<Integer> selectedTrial = new ReadOnlyObjectWrapper<>();
    /** Every metric point the runner reported this session, by trial and key (the selected trial's chart reads it). */
    private final java.util.Map<Integer, java.util.Map<String, java.util.List<StepPoint>>> livePoints = new java.util.HashMap<>();
    /** Each cluster trial's job as shown ("slurm 42 · RUNNING"), kept for rows that arrive after its state. */
    private final java.util.Map<Integer, String> jobs = new java.util.HashMap<>();
    /** Points of the selected trial that arrived in the batch being applied: added to the curve once per batch. */
    private final java.util.List<StepPoint> pendingCurve = new java.util.ArrayList<>();
    private volatile java.util.function.Supplier<dev.lathe.workspace.Workspace> workspaceReader;
    private final ReadOnlyStringWrapper sweepId = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper metric = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper goal = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sweepStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summaryText = new ReadOnlyStringWrapper("No sweep running");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fileError = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Double> best = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper stopping = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canStop = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper();

    // touched only on the UI executor
    private long session;
    private int done;
    private int runCap;
    private int runningTrials;
    private int pruned;
    private int failed;
    private int finishedOrder;
    private boolean sawFinished;
    private boolean sawError;
    private volatile Process process;

    public SweepRunViewModel(Path workspace, RunnerCommand runner, Executor background, Executor ui) {
        this(workspace, runner, background, ui, COALESCE_INTERVAL);
    }

    /** @param interval how long events gather before one UI update; zero applies each read at once (tests) */
    SweepRunViewModel(Path workspace, RunnerCommand runner, Executor background, Executor ui, Duration interval) {
        this.workspace = workspace;
        this.runner = new RunnerClient(runner);
        this.background = background;
        this.ui = ui;
        this.interval = interval;
    }

    /**
     * Starts the sweep in file; returns a stage that completes once the runner has exited and its last events
     * are applied (the view ignores it; tests and callers that chain work wait on it).
     */
    public CompletableFuture<Void> start(Path file) {
        Path abs = file.toAbsolutePath();
        return launch(abs.getParent(), "sweep", "start", abs.toString(), "--workspace", workspace.toString(), "--events");
    }

    /** Resumes the shown sweep (or the one with id) where it was. */
    public CompletableFuture<Void> resume() {
        String id = sweepId.get();
        if (id == null) {
            return CompletableFuture.completedFuture(null);
        }
        return launch(null, "sweep", "resume", id, "--workspace", workspace.toString(), "--events");
    }

    /**
     * Asks the runner to stop the sweep; its running trials stop after their current step and the sweep can be
     * resumed later. The start process then ends on its own.
     */
    public void stop() {
        String id = sweepId.get();
        if (id == null || !running.get() || stopping.get()) {
            return;
        }
        stopping.set(true);
        refreshButtons();
        new AsyncRunner(background, ui).run(() -> runner.run(null, "sweep", "stop", id, "--workspace",
                workspace.toString()), result -> {
            if (!result.ok()) {
                stopping.set(false);
                error.set("Stop failed: " + result.message());
                refreshButtons();
            }
        }, e -> {
            stopping.set(false);
            error.set("Stop failed: " + ErrorMessages.describe(e));
            refreshButtons();
        });
    }

    /** Shows a recorded sweep (any state) from {@code sweep status --format json}, without running it. */
    public CompletableFuture<Void> show(String id) {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        if (running.get()) {
            loaded.complete(null);
            return loaded;
        }
        long mine = reset();
        summaryText.set("Loading sweep " + id + "…");
        new AsyncRunner(background, ui).run(() -> {
            RunnerClient.Result r = runner.run(null, "sweep", "status", id, "--workspace", workspace.toString(),
                    "--format", "json");
            if (!r.ok()) {
                throw new IllegalArgumentException(r.message());
            }
            return SweepSummary.of(json.readTree(r.stdout()));
        }, summary -> {
            if (mine == session) {
                applyRecorded(summary);
            }
            loaded.complete(null);
        }, e -> {
            if (mine == session) {
                error.set(ErrorMessages.describe(e));
                summaryText.set("");
            }
            loaded.complete(null);
        });
        return loaded;
    }

    /** Ends a running runner (as Ctrl-C would: its trials end KILLED and the sweep can be resumed). */
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    private CompletableFuture<Void> launch(Path dir, String... args) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        if (running.get()) {
            ended.complete(null);
            return ended;
        }
        long mine = reset();
        running.set(true);
        summaryText.set("Starting the runner…");
        progress.set(-1);
        refreshButtons();
        Coalescer<SweepEvent> events = new Coalescer<>(
                interval.isZero() ? ui : CompletableFuture.delayedExecutor(interval.toMillis(), TimeUnit.MILLISECONDS, ui),
                ui, batch -> {
                    if (mine == session) {
                        batch.forEach(this::apply);
                        if (!pendingCurve.isEmpty()) {
                            trialCurve.addAll(pendingCurve);
                            pendingCurve.clear();
                        }
                        refreshText();
                        refreshButtons();
                    }
                });
        background.execute(() -> {
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(runner.command().with(args));
                if (dir != null) {
                    pb.directory(dir.toFile());
                }
                p = pb.start();
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    if (mine == session) {
                        ended(-1, "cannot start the runner (" + String.join(" ", runner.command().base()) + "): "
                                + e.getMessage());
                    }
                    ended.complete(null);
                });
                return;
            }
            process = p;
            RunnerClient.closeQuietly(p);
            // a sweep runs for minutes or hours: its pipes get threads of their own, not the app's small pool
            Deque<String> stderrTail = new ArrayDeque<>();
            Thread stderrReader = Thread.ofVirtual().name("lathe-sweep-stderr").start(() -> readTail(p, stderrTail));
            Thread.ofVirtual().name("lathe-sweep-events").start(() -> {
                readEvents(p, events);
                int code = waitFor(p);
                try {
                    stderrReader.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String tail;
                synchronized (stderrTail) {
                    tail = String.join("\n", stderrTail);
                }
                events.flushNow(() -> {
                    if (mine == session) {
                        ended(code, tail);
                    }
                    ended.complete(null);
                });
            });
        });
        return ended;
    }

    private void readEvents(Process p, Coalescer<SweepEvent> events) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                SweepEvent event = SweepEvent.parse(json, line);
                if (event != null) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "the runner's stdout closed", e);
        }
    }

    private static void readTail(Process p, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "the runner's stderr closed", e);
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            return -1;
        }
    }

    /** Starts a new session: older sessions' late results are dropped by comparing their number. */
    private long reset() {
        session++;
        trials.clear();
        curve.clear();
        points.clear();
        sweepId.set(null);
        name.set("");
        metric.set("");
        goal.set("");
        sweepStatus.set("");
        error.set("");
        fileError.set("");
        best.set(null);
        progress.set(0);
        stopping.set(false);
        done = runCap = runningTrials = pruned = failed = finishedOrder = 0;
        livePoints.clear();
        jobs.clear();
        pendingCurve.clear();
        trialCurve.clear();
        selectedTrial.set(null);
        sawFinished = sawError = false;
        return session;
    }

    private void apply(SweepEvent event) {
        switch (event) {
            case SweepEvent.Started s -> {
                sweepId.set(s.sweepId());
                name.set(s.name());
                runCap = s.runCap();
                sweepStatus.set("RUNNING");
                fetchMetric(s.sweepId());
            }
            case SweepEvent.TrialStarted t -> put(new TrialRow(t.trial(), t.runId(), RunStatus.RUNNING, null, null,
                    t.params(), null, jobs.get(t.trial())));
            case SweepEvent.TrialState st -> {
                String job = TrialRow.jobText(st.executor(), st.jobId(), st.state());
                jobs.put(st.trial(), job);
                int i = indexOf(st.trial());
                if (i >= 0) {
                    trials.set(i, trials.get(i).withJob(job));
                }
            }
            case SweepEvent.Metric m -> {
                livePoints.computeIfAbsent(m.trial(), t -> new java.util.HashMap<>())
                        .computeIfAbsent(m.key(), k -> new java.util.ArrayList<>()).add(new StepPoint(m.step(), m.value()));
                if (Integer.valueOf(m.trial()).equals(selectedTrial.get()) && m.key().equals(curveKey())) {
                    pendingCurve.add(new StepPoint(m.step(), m.value()));
                }
                if (m.key().equals(metric.get())) {
                    int i = indexOf(m.trial());
                    if (i >= 0 && trials.get(i).status() == RunStatus.RUNNING) {
                        trials.set(i, trials.get(i).withProgress(m.value(), m.step()));
                    }
                }
            }
            case SweepEvent.TrialFinished f -> {
                String job = f.job() != null ? f.job() : jobs.get(f.trial());
                TrialRow row = new TrialRow(f.trial(), f.runId(), TrialRow.status(f.status()), f.value(), f.step(),
                        f.params(), f.reason(), job);
                put(row);
                finishedOrder++;
                if (row.value() != null && !row.value().isNaN()) {
                    points.add(new TrialPoint(finishedOrder, row.value(), row.status(), row.trial()));
                }
            }
            case SweepEvent.Progress p -> {
                done = p.done();
                runCap = p.runCap();
                runningTrials = p.running();
                pruned = p.pruned();
                failed = p.failed();
                if (p.best() != null) {
                    best.set(p.best());
                    if (curve.isEmpty() || curve.getLast().done() < done) {
                        curve.add(new CurvePoint(done, p.best()));
                    }
                }
            }
            case SweepEvent.Finished f -> {
                sawFinished = true;
                SweepSummary s = f.summary();
                sweepStatus.set(s.status());
                setMetric(s.metric(), s.goal());
                done = s.done();
                runCap = s.runCap();
                runningTrials = s.running();
                pruned = s.pruned();
                failed = s.failed();
                if (s.best() != null && s.best().value() != null) {
                    best.set(s.best().value());
                }
            }
            case SweepEvent.Error e -> {
                sawError = true;
                if (e.exitCode() == 2) {
                    fileError.set(e.message());
                }
                error.set(ErrorMessages.asSentence(e.message()));
            }
            case SweepEvent.Other o -> LOG.log(Level.DEBUG, "ignored runner event " + o.event());
        }
    }

    /** The process ended: a missing sweep-finished means the runner crashed, and its stderr says why. */
    private void ended(int exitCode, String stderrTail) {
        process = null;
        running.set(false);
        stopping.set(false);
        runningTrials = 0;
        if (!sawFinished && !sawError) {
            String reason = RunnerClient.stripPrefixes(stderrTail).strip();
            error.set("The runner stopped without finishing the sweep (exit code " + exitCode + ")"
                    + (reason.isEmpty() ? "." : ":\n" + reason));
            if (exitCode == 2 && !reason.isEmpty()) {
                fileError.set(reason.lines().reduce((a, b) -> b).orElse(reason));
            }
            if ("RUNNING".equals(sweepStatus.get())) {
                sweepStatus.set("CRASHED");
            }
        }
        // trials the runner left running were killed with it; resume runs them again
        for (int i = 0; i < trials.size(); i++) {
            TrialRow t = trials.get(i);
            if (!t.status().isTerminal() && !sawFinished) {
                // a cluster job outlives the runner that followed it: resume re-attaches to it
                trials.set(i, new TrialRow(t.trial(), t.runId(), RunStatus.KILLED, t.value(), t.step(), t.params(),
                        t.job() == null ? "the runner stopped"
                                : "the runner stopped following its job; resume re-attaches while the job lives",
                        t.job()));
            }
        }
        refreshText();
        refreshButtons();
    }

    private void applyRecorded(SweepSummary s) {
        sweepId.set(s.id());
        name.set(s.name());
        sweepStatus.set(s.status());
        setMetric(s.metric(), s.goal());
        done = s.done();
        runCap = s.runCap();
        runningTrials = s.running();
        pruned = s.pruned();
        failed = s.failed();
        trials.setAll(s.trials().stream().sorted(Comparator.comparingInt(TrialRow::trial)).toList());
        // the status has no end times, so the curve follows trial order: best among finished trials so far
        boolean maximize = !"minimize".equals(s.goal());
        Double bestSoFar = null;
        int order = 0;
        for (TrialRow t : trials) {
            if (!t.status().isTerminal()) {
                continue;
            }
            order++;
            if (t.value() != null && !t.value().isNaN()) {
                points.add(new TrialPoint(order, t.value(), t.status(), t.trial()));
                if (t.status() == RunStatus.FINISHED
                        && (bestSoFar == null || (maximize ? t.value() > bestSoFar : t.value() < bestSoFar))) {
                    bestSoFar = t.value();
                }
            }
            if (bestSoFar != null) {
                curve.add(new CurvePoint(order, bestSoFar));
            }
        }
        best.set(s.best() != null && s.best().value() != null ? s.best().value() : bestSoFar);
        refreshText();
        refreshButtons();
    }

    /** The sweep-started event does not name the metric; one status call does, so running values can show. */
    private void fetchMetric(String id) {
        long mine = session;
        new AsyncRunner(background, ui).run(() -> {
            RunnerClient.Result r = runner.run(null, "sweep", "status", id, "--workspace", workspace.toString(),
                    "--format", "json");
            return r.ok() ? SweepSummary.of(json.readTree(r.stdout())) : null;
        }, s -> {
            if (s != null && mine == session && metric.get().isEmpty()) {
                setMetric(s.metric(), s.goal());
                refreshText();
            }
        }, e -> LOG.log(Level.DEBUG, "could not read the sweep's metric", e));
    }

    private void setMetric(String metricName, String metricGoal) {
        if (metricName != null && !metricName.isEmpty()) {
            boolean changed = !metricName.equals(metric.get());
            metric.set(metricName);
            goal.set(metricGoal == null ? "" : metricGoal);
            Integer trial = selectedTrial.get();
            if (changed && trial != null) {
                // points that came before the metric's name was known
                selectedTrial.set(null);
                selectTrial(trial);
            }
        }
    }

    private void put(TrialRow row) {
        int i = indexOf(row.trial());
        if (i >= 0) {
            trials.set(i, row);
            return;
        }
        // trials start in index order almost always, so this finds the end at once
        int at = trials.size();
        while (at > 0 && trials.get(at - 1).trial() > row.trial()) {
            at--;
        }
        trials.add(at, row);
    }

    private int indexOf(int trial) {
        for (int i = trials.size() - 1; i >= 0; i--) {
            if (trials.get(i).trial() == trial) {
                return i;
            }
        }
        return -1;
    }

    private void refreshText() {
        progress.set(running.get() && runCap == 0 ? -1 : runCap == 0 ? 0 : Math.min(1.0, (double) done / runCap));
        if (sweepId.get() == null) {
            summaryText.set(running.get() ? "Starting the runner…" : "No sweep running");
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append(done).append(" of ").append(runCap).append(" trials done");
        if (runningTrials > 0) {
            text.append(" · ").append(runningTrials).append(" running");
        }
        if (pruned > 0) {
            text.append(" · ").append(pruned).append(" pruned");
        }
        if (failed > 0) {
            text.append(" · ").append(failed).append(" failed");
        }
        if (best.get() != null) {
            text.append(" · best ").append(metric.get().isEmpty() ? "" : metric.get() + " ")
                    .append(Formats.metric(best.get()));
        }
        summaryText.set(text.toString());
    }

    private void refreshButtons() {
        canStop.set(running.get() && sweepId.get() != null && !stopping.get());
        String status = sweepStatus.get();
        canResume.set(!running.get() && sweepId.get() != null && !"FINISHED".equals(status));
    }

    /**
     * Lets the selected trial's curve of a recorded sweep (or of points logged before the app looked) be read
     * from the workspace; without it only points reported live are drawn.
     */
    public void setWorkspaceReader(java.util.function.Supplier<dev.lathe.workspace.Workspace> reader) {
        this.workspaceReader = reader;
    }

    /**
     * Shows trial's curve of the sweep's metric by step; while the trial runs, new points join it with each UI
     * batch. Null clears the chart.
     */
    public void selectTrial(Integer trial) {
        if (java.util.Objects.equals(trial, selectedTrial.get())) {
            return;
        }
        selectedTrial.set(trial);
        pendingCurve.clear();
        if (trial == null) {
            trialCurve.clear();
            return;
        }
        java.util.List<StepPoint> live = livePoints.getOrDefault(trial, java.util.Map.of()).get(curveKey());
        trialCurve.setAll(live == null ? java.util.List.of() : live);
        int i = indexOf(trial);
        java.util.function.Supplier<dev.lathe.workspace.Workspace> reader = workspaceReader;
        String key = curveKey();
        if (i < 0 || reader == null || key.isEmpty() || (live != null && !live.isEmpty())) {
            return;
        }
        String runId = trials.get(i).runId();
        long mine = session;
        new AsyncRunner(background, ui).run(() -> reader.get().metrics().history(runId, key).stream()
                .map(p -> new StepPoint(p.step(), p.value())).toList(), points -> {
            if (mine == session && trial.equals(selectedTrial.get()) && trialCurve.isEmpty()) {
                trialCurve.setAll(points);
            }
        }, e -> LOG.log(Level.DEBUG, "could not read trial " + trial + "'s curve", e));
    }

    /** The key the trial chart draws: the sweep's metric once known. */
    private String curveKey() {
        return metric.get();
    }

    /** The selected trial's metric by step (see {@link #selectTrial}). */
    public ObservableList<StepPoint> trialCurve() {
        return trialCurveView;
    }

    public ReadOnlyObjectProperty<Integer> selectedTrialProperty() {
        return selectedTrial.getReadOnlyProperty();
    }

    public ObservableList<TrialRow> trials() {
        return trialsView;
    }

    /** The best value after each ended trial (x: trials done). */
    public ObservableList<CurvePoint> bestCurve() {
        return curveView;
    }

    /** Each ended trial's own value, by the order it ended in. */
    public ObservableList<TrialPoint> trialPoints() {
        return pointsView;
    }

    public ReadOnlyStringProperty sweepIdProperty() {
        return sweepId.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    /** The metric optimised, once known (empty before). */
    public ReadOnlyStringProperty metricProperty() {
        return metric.getReadOnlyProperty();
    }

    /** maximize or minimize, once known. */
    public ReadOnlyStringProperty goalProperty() {
        return goal.getReadOnlyProperty();
    }

    /** The sweep's status as the runner records it (RUNNING, FINISHED, STOPPED, ...), or CRASHED. */
    public ReadOnlyStringProperty sweepStatusProperty() {
        return sweepStatus.getReadOnlyProperty();
    }

    /** "3 of 10 trials done · 2 running · best val_accuracy 0.95". */
    public ReadOnlyStringProperty summaryTextProperty() {
        return summaryText.getReadOnlyProperty();
    }

    /** Why the last command failed (a crash with its stderr tail, a refused file); empty when none did. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The runner's message when it refused the sweep file (exit code 2): "FILE, line L, column C: ...". */
    public ReadOnlyStringProperty fileErrorProperty() {
        return fileError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Double> bestProperty() {
        return best.getReadOnlyProperty();
    }

    /** done / run_cap, or -1 (indeterminate) while the runner starts. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Whether a runner process is running for this view. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStopProperty() {
        return canStop.getReadOnlyProperty();
    }

    /** A stopped, crashed or unfinished sweep can be resumed once no runner runs for it. */
    public ReadOnlyBooleanProperty canResumeProperty() {
        return canResume.getReadOnlyProperty();
    }
}
