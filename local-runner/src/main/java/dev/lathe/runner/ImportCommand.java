package dev.lathe.runner;

import dev.lathe.interop.MlflowImporter;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Import runs from another tracker into a workspace.",
        subcommands = ImportCommand.MlflowCommand.class)
final class ImportCommand {

    @Command(name = "mlflow", description = "Import an MLflow file store (an mlruns folder); runs already imported are skipped.")
    static final class MlflowCommand implements Runnable {
        private final Console console;
        @Parameters(paramLabel = "PATH", description = "The mlruns folder (or the project folder holding it).")
        Path store;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        MlflowCommand(Console console) {
            this.console = console;
        }

        @Override
        public void run() {
            try (Workspace ws = workspace.open(Workspace.Mode.CREATE)) {
                // progress on err in json mode, so out stays one JSON document
                var summary = MlflowImporter.importStore(store, ws,
                        line -> (format == Format.JSON ? console.err() : console.out()).println(line));
                if (format == Format.JSON) {
                    console.out().println(Console.json(json(summary)));
                    return;
                }
                console.out().printf("Imported %d runs (%d already there) from %d experiments into %s%n",
                        summary.runsImported(), summary.runsSkipped(), summary.experiments(), ws.root());
                console.out().printf("  %d metric points, %d params, %d tags, %d artifacts%n", summary.metricPoints(),
                        summary.params(), summary.tags(), summary.artifacts());
                if (summary.models() > 0) {
                    console.out().printf("  %d registered models: %d versions imported (%d already there), %d aliases set%n",
                            summary.models(), summary.versionsImported(), summary.versionsSkipped(), summary.aliases());
                }
                if (!summary.problems().isEmpty()) {
                    console.err().println(summary.problems().size() + " problem(s); the rest was imported:");
                    summary.problems().forEach(p -> console.err().println("  " + p));
                }
            }
        }

        private static Map<String, Object> json(MlflowImporter.Summary s) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("experiments", s.experiments());
            out.put("runs_imported", s.runsImported());
            out.put("runs_skipped", s.runsSkipped());
            out.put("metric_points", s.metricPoints());
            out.put("params", s.params());
            out.put("tags", s.tags());
            out.put("artifacts", s.artifacts());
            out.put("models", s.models());
            out.put("versions_imported", s.versionsImported());
            out.put("versions_skipped", s.versionsSkipped());
            out.put("aliases", s.aliases());
            List<Map<String, Object>> problems = s.problems().stream().map(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", p.file().toString());
                m.put("line", p.line());
                m.put("message", p.message());
                return m;
            }).toList();
            out.put("problems", problems);
            return out;
        }
    }
}
