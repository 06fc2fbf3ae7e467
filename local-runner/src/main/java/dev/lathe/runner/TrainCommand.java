package dev.lathe.runner;

import dev.lathe.core.RunStatus;
import dev.lathe.data.Table;
import dev.lathe.tracking.Tracker;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Train one model on a CSV file and record the run.")
final class TrainCommand implements java.util.concurrent.Callable<Integer> {
    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "CSV file with a header row.")
    Path data;
    @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "Column to predict.")
    String label;
    @Option(names = "--trainer", required = true, paramLabel = "NAME", description = "Trainer (see `lathe trainers`).")
    String trainer;
    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "Trainer parameter; repeat for more.")
    Map<String, String> params = new LinkedHashMap<>();
    @Option(names = "--experiment", paramLabel = "NAME", description = "Experiment (default: the data file's name).")
    String experiment;
    @Option(names = "--name", paramLabel = "NAME", description = "Run name (default: trainer and time).")
    String name;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: inferred from the label).")
    String task;
    @Option(names = "--events", description = "Print one JSON object per line (the runner protocol) instead of text.")
    boolean events;
    @Option(names = "--format", defaultValue = "table", description = "Summary format: table or json.")
    Format format;

    TrainCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        console.setEvents(events);
        Trainer t = Trainers.byName(trainer);
        Task parsedTask = task == null ? null : Task.parse(task);
        Table table = Table.readCsv(data);
        String exp = experiment != null ? experiment : stripExtension(data.getFileName().toString());
        String runName = name != null ? name : t.name() + "-" + java.time.format.DateTimeFormatter.ofPattern("HHmmss").format(java.time.LocalTime.now());
        TrainingSession.Spec spec = new TrainingSession.Spec(table, label, parsedTask, t, params, seed, exp, runName, null);
        TrainingSession.preflight(spec);
        try (Workspace ws = workspace.open(Workspace.Mode.CREATE); Tracker tracker = new Tracker(ws)) {
            // with --format json, stdout carries only the result; progress goes to stderr
            Console progress = format == Format.JSON && !events ? console.quietOut() : console;
            TrainingSession.Outcome outcome = new TrainingSession(tracker, progress).train(spec, t.name());
            if (format == Format.JSON && !events) {
                console.out().println(Console.json(ws.runs().detail(outcome.runId()).map(RunViews::run).orElseThrow()));
            } else {
                console.say("run " + outcome.runId() + " " + outcome.status()
                        + (outcome.reason() == null ? "" : ": " + outcome.reason()));
                if (outcome.status() == RunStatus.FINISHED) {
                    List<String> keys = RunViews.headlineMetrics(outcome.metrics().keySet());
                    StringBuilder sb = new StringBuilder("  ");
                    outcome.metrics().forEach((k, v) -> sb.append(k).append('=').append(RunViews.value(v)).append("  "));
                    if (!keys.isEmpty()) {
                        console.say(sb.toString().stripTrailing());
                    }
                }
                console.say("  workspace " + ws.root() + "  (lathe runs show " + RunViews.shortId(outcome.runId()) + ")");
            }
            if (outcome.status() != RunStatus.FINISHED) {
                console.err().println("lathe: training failed: " + outcome.reason());
                return ExitCodes.RUN_FAILED;
            }
            return ExitCodes.OK;
        }
    }

    static String stripExtension(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
