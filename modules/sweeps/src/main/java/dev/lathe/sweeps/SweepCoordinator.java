package dev.lathe.sweeps;

import dev.lathe.core.MetricPoint;
import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.sample.Sampler;
import dev.lathe.sweeps.schedule.Scheduler;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs a sweep's trials in parallel slots until its budget is used, keeping all state in the workspace so that
 * a new coordinator can take over after any crash: each trial is a run (created QUEUED with its sampled params
 * in one transaction), trials that were running when a coordinator died are re-run with the same params, and
 * samplers and schedulers are rebuilt from the stored trials and metric histories.
 */
public final class SweepCoordinator {
    /** How often the coordinator beats, checks for `sweep stop` and reports progress. */
    private static final long TICK_MS = 500;

    private final Workspace ws;
    private final Sweep sweep;
    private final SweepSpec spec;
    private final TrialExecutor executor;
    private final Sampler sampler;
    private final Scheduler scheduler;
    private final Function<Object, String> format;
    private final SweepListener listener;
    private final int slots;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile String stopReason;

    /** Trials by index, as they stand; the coordinator thread owns it. */
    private final Map<Integer, SweepStatus.Trial> trials = new java.util.TreeMap<>();

    public SweepCoordinator(Workspace ws, Sweep sweep, SweepSpec spec, TrialExecutor executor, Sampler sampler,
                            Scheduler scheduler, Function<Object, String> format, int slots, SweepListener listener) {
        this.ws = ws;
        this.sweep = sweep;
        this.spec = spec;
        this.executor = executor;
        this.sampler = sampler;
        this.scheduler = scheduler;
        this.format = format;
        this.slots = Math.max(1, slots);
        this.listener = listener;
    }

    /** Trials in this process, one thread per slot (for trainers that can run side by side). */
    public static TrialExecutor inProcess(Tracker tracker, TrialTask task, SweepSpec spec, Sweep sweep) {
        return new InProcessExecutor(new TrialExecution(tracker, task, spec, sweep.id(), sweep.name(),
                TrialExecution.gitOf(spec)));
    }

    /** Asks the sweep to stop: running trials stop after their current step and are re-run on resume. */
    public void requestStop(String reason) {
        stopReason = reason;
        stop.set(true);
    }

    private String currentStopReason() {
        return stop.get() ? (stopReason == null ? "stopped" : stopReason) : null;
    }

    /** Runs until the budget is used, the space is exhausted, or a stop; returns the final state. */
    public SweepStatus run() {
        ws.sweeps().claim(sweep.id());
        restore();
        Deque<Integer> rerun = new ArrayDeque<>();
        trials.values().stream().filter(t -> !t.done()).map(SweepStatus.Trial::index).forEach(rerun::add);
        int nextIndex = trials.keySet().stream().mapToInt(i -> i + 1).max().orElse(0);
        long spentBefore = ws.sweeps().spentMillis(sweep.id());
        long sessionStart = System.nanoTime();
        long lastBeat = sessionStart;
        boolean timeUp = false;

        ExecutorService pool = Executors.newFixedThreadPool(slots, Thread.ofPlatform().name("lathe-trial-", 0).daemon(true).factory());
        CompletionService<SweepStatus.Trial> done = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                long spent = spentBefore + TimeUnit.NANOSECONDS.toMillis(now - sessionStart);
                if (spec.maxTime() != null && spent >= spec.maxTime().toMillis() && !timeUp) {
                    timeUp = true;
                    requestStop("max_minutes reached");
                }
                while (!stop.get() && running < slots) {
                    Optional<TrialLaunch> launch = nextLaunch(rerun, nextIndex);
                    if (launch.isEmpty()) {
                        break; // budget used or space exhausted: wait for the running trials
                    }
                    if (launch.get().index() >= nextIndex) {
                        nextIndex = launch.get().index() + 1;
                    }
                    TrialLaunch l = launch.get();
                    trials.put(l.index(), new SweepStatus.Trial(l.index(), l.run().id(), RunStatus.QUEUED, l.params(), null, 0, null));
                    TrialExecutor.Hooks hooks = new TrialExecutor.Hooks(scheduler, spec.metric(), this::currentStopReason,
                            listener, earlyStopName());
                    done.submit(() -> {
                        listener.trialStarted(l.index(), l.run().id(), l.params());
                        SweepStatus.Trial t = executor.run(l, hooks);
                        scheduler.ended(l.index());
                        return t;
                    });
                    running++;
                }
                if (running == 0) {
                    break;
                }
                Future<SweepStatus.Trial> finished = done.poll(TICK_MS, TimeUnit.MILLISECONDS);
                while (finished != null) {
                    SweepStatus.Trial t = finished.get();
                    running--;
                    trials.put(t.index(), t);
                    // a trial KILLED while the sweep runs on was cancelled on its cluster (scancel): it stays
                    // KILLED and a new trial takes its place; other unfinished trials run again
                    if (!t.done() && !stop.get() && t.status() != RunStatus.KILLED) {
                        rerun.add(t.index());
                    }
                    listener.trialEnded(t);
                    listener.progress(status(spentBefore, sessionStart));
                    finished = done.poll();
                }
                now = System.nanoTime();
                if (now - lastBeat >= TimeUnit.MILLISECONDS.toNanos(TICK_MS)) {
                    ws.sweeps().heartbeat(sweep.id(), TimeUnit.NANOSECONDS.toMillis(now - lastBeat));
                    lastBeat = now;
                    if (ws.sweeps().get(sweep.id()).map(s -> s.status() == Sweep.Status.STOPPING).orElse(false)) {
                        requestStop("stopped by `lathe sweep stop`");
                    }
                    listener.progress(status(spentBefore, sessionStart));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a trial slot failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ws.sweeps().heartbeat(sweep.id(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastBeat));
        }
        SweepStatus status = status(spentBefore, sessionStart);
        Sweep.Status end;
        if (stop.get() && !timeUp) {
            end = Sweep.Status.STOPPED;
        } else if (!trials.isEmpty() && trials.values().stream().allMatch(t -> t.status() == RunStatus.FAILED)) {
            end = Sweep.Status.FAILED;
        } else {
            end = Sweep.Status.FINISHED;
        }
        ws.sweeps().setStatus(sweep.id(), end);
        listener.progress(status);
        return SweepStatusReader.read(ws, ws.sweeps().get(sweep.id()).orElseThrow(), spec);
    }

    private long doneCount() {
        return trials.values().stream().filter(SweepStatus.Trial::done).count();
    }

    /** The next trial to start: a trial to re-run first, then a new one while the budget lasts. */
    private Optional<TrialLaunch> nextLaunch(Deque<Integer> rerun, int nextIndex) {
        // trials to run again come first: they already count against run_cap
        Integer again = rerun.poll();
        if (again != null) {
            SweepStatus.Trial t = trials.get(again);
            Run run = t.status() == RunStatus.QUEUED
                    ? ws.runs().get(t.runId()).orElseThrow()
                    : ws.sweeps().createTrial(sweep.id(), sweep.experimentId(), again, spec.trainer(), seed(again),
                    t.params(), trialName(again));
            return Optional.of(new TrialLaunch(again, run, t.params(), seed(again)));
        }
        if (doneCount() + countActive() >= spec.runCap()) {
            return Optional.empty();
        }
        Optional<Map<String, Object>> sampled = sampler.sample(nextIndex, history());
        if (sampled.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        sampled.get().forEach((k, v) -> params.put(k, format.apply(v)));
        Run run = ws.sweeps().createTrial(sweep.id(), sweep.experimentId(), nextIndex, spec.trainer(), seed(nextIndex),
                params, trialName(nextIndex));
        return Optional.of(new TrialLaunch(nextIndex, run, params, seed(nextIndex)));
    }

    private long countActive() {
        return trials.values().stream().filter(t -> t.status() == RunStatus.QUEUED || t.status() == RunStatus.RUNNING).count();
    }

    private String trialName(int index) {
        return sweep.name() + "-" + index;
    }

    /** Each trial's seed: the sweep's seed plus its index, so a re-run trial trains as the first try did. */
    private long seed(int index) {
        return spec.seed() + index;
    }

    /** What samplers see: every trial so far in index order, with params typed back from their stored text. */
    private List<TrialResult> history() {
        List<TrialResult> out = new ArrayList<>();
        for (SweepStatus.Trial t : trials.values()) {
            Map<String, Object> typed = new LinkedHashMap<>();
            t.params().forEach((k, v) -> typed.put(k, typed(v)));
            out.add(new TrialResult(t.index(), typed, t.objective(), SweepStatusReader.state(t.status()), t.step()));
        }
        return out;
    }

    /** Stored params are text; samplers want Long, Double, Boolean or String back, as the sweep file gave them. */
    static Object typed(String text) {
        if (text.matches("-?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** Loads the trials from the workspace and replays their metric histories through the scheduler. */
    private void restore() {
        SweepStatus stored = SweepStatusReader.read(ws, sweep, spec);
        for (SweepStatus.Trial t : stored.trials()) {
            trials.put(t.index(), t);
        }
        stored.trials().stream().filter(SweepStatus.Trial::done).sorted(Comparator.comparingInt(SweepStatus.Trial::index))
                .forEach(t -> {
                    for (MetricPoint p : ws.metrics().history(t.runId(), spec.metric().name())) {
                        scheduler.report(t.index(), p.step(), p.value());
                    }
                    scheduler.ended(t.index());
                });
    }

    private String earlyStopName() {
        return spec.earlyTerminate() == null ? "the scheduler" : spec.earlyTerminate().type().name().toLowerCase(java.util.Locale.ROOT);
    }

    private SweepStatus status(long spentBefore, long sessionStart) {
        Duration spent = Duration.ofMillis(spentBefore + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sessionStart));
        long finished = doneCount();
        Optional<Duration> remaining = Optional.empty();
        if (finished > 0) {
            long left = Math.max(0, spec.runCap() - finished);
            Duration perTrial = Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sessionStart)
                    / Math.max(1, finished));
            remaining = Optional.of(perTrial.multipliedBy(left).dividedBy(slots));
        }
        return new SweepStatus(sweep, spec.metric(), spec.runCap(), List.copyOf(trials.values()), spent, remaining);
    }
}
