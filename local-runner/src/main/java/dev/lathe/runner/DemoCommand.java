package dev.lathe.runner;

import dev.lathe.core.RunStatus;
import dev.lathe.data.Table;
import dev.lathe.tracking.Tracker;
import dev.lathe.training.Trainers;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceLocations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Fill the demo workspace with real runs on the bundled iris and wine datasets, "
        + "then print them.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    /** One demo run: dataset, label column, trainer, params. */
    record Plan(String dataset, String label, String trainer, Map<String, String> params) {
    }

    static final List<Plan> PLANS = List.of(
            new Plan("iris", "species", "tribuo-logistic", Map.of()),
            new Plan("iris", "species", "tribuo-cart", Map.of()),
            new Plan("iris", "species", "tribuo-forest", Map.of()),
            new Plan("iris", "species", "djl-mlp", Map.of()),
            new Plan("wine", "cultivar", "tribuo-logistic", Map.of()),
            new Plan("wine", "cultivar", "tribuo-forest", Map.of()),
            new Plan("wine", "cultivar", "djl-mlp", Map.of()));

    private final Console console;
    @Option(names = {"-w", "--workspace"}, paramLabel = "PATH",
            description = "Demo workspace folder (default: $LATHE_DEMO_WORKSPACE, else 'demo' in the data folder).")
    Path workspace;
    @Option(names = "--refresh", description = "Train the demo runs again even when the workspace has them.")
    boolean refresh;
    @Option(names = "--events", description = "Print one JSON object per line (the runner protocol) instead of text.")
    boolean events;

    DemoCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        console.setEvents(events);
        Path path = workspace != null ? workspace : WorkspaceLocations.system().demoWorkspace();
        try (Workspace ws = Workspace.open(path)) {
            long finished = ws.runs().list(new RunQuery(null, RunStatus.FINISHED, 0)).size();
            if (finished >= PLANS.size() && !refresh) {
                console.say("The demo workspace already holds " + finished + " finished runs (--refresh trains them again).");
            } else {
                fill(ws);
            }
            if (!events) {
                console.out().print(RunsCommand.renderRuns(ws.runs().rows(RunQuery.all()), ws));
                console.out().println("Demo workspace: " + ws.root());
            }
            console.event("demo-ready", Map.of("workspace", ws.root().toString()));
        }
        return ExitCodes.OK;
    }

    private void fill(Workspace ws) {
        Path dataDir = ws.root().resolve("datasets");
        int failed = 0;
        try (Tracker tracker = new Tracker(ws)) {
            TrainingSession session = new TrainingSession(tracker, console);
            for (int i = 0; i < PLANS.size(); i++) {
                Plan plan = PLANS.get(i);
                Table table = Table.readCsv(copyDataset(dataDir, plan.dataset()));
                String label = "[" + (i + 1) + "/" + PLANS.size() + "] " + plan.dataset() + " · " + plan.trainer();
                var outcome = session.train(new TrainingSession.Spec(table, plan.label(), null,
                        Trainers.byName(plan.trainer()), plan.params(), 42, plan.dataset(), plan.trainer(), dataDir), label);
                if (outcome.status() != RunStatus.FINISHED) {
                    failed++;
                    console.err().println("lathe: demo run " + label + " failed: " + outcome.reason());
                } else if (!console.isTerminal()) {
                    console.say(label + " finished");
                }
            }
        }
        if (failed > 0) {
            throw new UserException(ExitCodes.RUN_FAILED, failed + " demo run(s) failed; see above");
        }
    }

    private static Path copyDataset(Path dataDir, String name) {
        Path target = dataDir.resolve(name + ".csv");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name + ".csv")) {
            if (in == null) {
                throw new IllegalStateException("the runner jar lacks its demo dataset " + name + ".csv");
            }
            Files.createDirectories(dataDir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UserException(ExitCodes.WORKSPACE, "cannot write the demo dataset to " + target + ": " + e.getMessage());
        }
    }
}
