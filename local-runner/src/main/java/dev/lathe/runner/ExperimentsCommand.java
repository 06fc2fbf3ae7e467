package dev.lathe.runner;

import dev.lathe.core.ExperimentSummary;
import dev.lathe.workspace.Workspace;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "experiments", description = "List the experiments of a workspace.",
        subcommands = ExperimentsCommand.ListCommand.class)
final class ExperimentsCommand {

    @Command(name = "list", description = "List experiments with their run counts.")
    static final class ListCommand implements Runnable {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        ListCommand(Console console) {
            this.console = console;
        }

        @Override
        public void run() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                List<ExperimentSummary> list = ws.experiments().list();
                if (format == Format.JSON) {
                    console.out().println(Console.json(list.stream().map(RunViews::experiment).toList()));
                    return;
                }
                if (list.isEmpty()) {
                    console.out().println("No experiments in " + ws.root());
                    return;
                }
                TextTable t = new TextTable(List.of("NAME", "RUNS", "LIVE", "LAST RUN", "ID"));
                for (ExperimentSummary s : list) {
                    t.add(List.of(s.experiment().name(), String.valueOf(s.runCount()), String.valueOf(s.liveCount()),
                            RunViews.local(s.lastRunAt()), s.experiment().id()));
                }
                console.out().print(t.render());
            }
        }
    }
}
