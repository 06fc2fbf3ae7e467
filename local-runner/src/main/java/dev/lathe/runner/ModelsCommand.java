package dev.lathe.runner;

import dev.lathe.core.AliasEvent;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.RegisteredModel;
import dev.lathe.workspace.RegistryException;
import dev.lathe.workspace.Workspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", description = "The model registry: named models, their versions and aliases (docs/registry.md).",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.RegisterCommand.class,
                ModelsCommand.ShowCommand.class, ModelsCommand.AliasCommand.class})
final class ModelsCommand {
    private ModelsCommand() {
    }

    /**
     * The shared frame of the subcommands: the workspace, the output format, and registry mistakes (an unknown
     * model, version, alias or run) reported as bad input (exit 2) rather than as a broken workspace (exit 3).
     */
    abstract static class Sub implements Runnable {
        final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        Sub(Console console) {
            this.console = console;
        }

        abstract void run(Workspace ws);

        @Override
        public final void run() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                run(ws);
            } catch (RegistryException e) {
                throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
            }
        }

        void print(Object json, String table) {
            if (format == Format.JSON) {
                console.out().println(Console.json(json));
            } else {
                console.out().print(table);
            }
        }
    }

    @Command(name = "list", description = "List registered models with their latest version and aliases.")
    static final class ListCommand extends Sub {
        ListCommand(Console console) {
            super(console);
        }

        @Override
        void run(Workspace ws) {
            List<RegisteredModel> models = ws.registry().list();
            TextTable t = new TextTable(List.of("NAME", "LATEST", "ALIASES", "CREATED"));
            for (RegisteredModel m : models) {
                t.add(List.of(m.name(), m.latestVersion() == 0 ? "" : String.valueOf(m.latestVersion()),
                        aliases(m.aliases()), RunViews.local(m.createdAt())));
            }
            String table = models.isEmpty()
                    ? "No registered models in " + ws.root() + ". Register a run's model: lathe models register RUN_ID --name NAME\n"
                    : t.render();
            print(models.stream().map(ModelsCommand::model).toList(), table);
        }
    }

    @Command(name = "register", description = "Register a FINISHED run's model as the next version of a named model.")
    static final class RegisterCommand extends Sub {
        @Parameters(paramLabel = "RUN_ID", description = "A run id, or a unique prefix of one (at least 4 characters).")
        String runId;
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The model's name (created when new).")
        String name;
        @Option(names = "--description", paramLabel = "TEXT", description = "What this version is.")
        String description;

        RegisterCommand(Console console) {
            super(console);
        }

        @Override
        void run(Workspace ws) {
            ModelVersion v = ws.registry().register(runId, name, description);
            print(version(v), "registered " + v.reference() + " from run " + RunViews.shortId(v.runId()) + "\n");
        }
    }

    @Command(name = "show", description = "Show a model version (its run, lineage, metrics and aliases) and the model's alias history.")
    static final class ShowCommand extends Sub {
        @Parameters(paramLabel = "NAME[:VERSION|@ALIAS]", description = "A model, one of its versions, or an alias; "
                + "NAME alone (or NAME@latest) is its highest version.")
        String reference;

        ShowCommand(Console console) {
            super(console);
        }

        @Override
        void run(Workspace ws) {
            ModelVersion v = ws.registry().resolve(reference);
            RegisteredModel m = ws.registry().model(v.modelName()).orElseThrow();
            List<AliasEvent> history = ws.registry().aliasHistory(v.modelName());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", model(m));
            json.put("version", version(v));
            json.put("alias_history", history.stream().map(ModelsCommand::event).toList());
            print(json, render(m, v, history));
        }

        private static String render(RegisteredModel m, ModelVersion v, List<AliasEvent> history) {
            StringBuilder sb = new StringBuilder();
            sb.append("Model ").append(v.reference()).append(v.aliases().isEmpty() ? "" : "  @" + String.join(" @", v.aliases()))
                    .append('\n');
            field(sb, "description", v.description());
            field(sb, "run", v.runId());
            field(sb, "registered", RunViews.local(v.createdAt()));
            field(sb, "trainer", v.trainer());
            field(sb, "dataset sha256", v.datasetSha256());
            field(sb, "git commit", v.gitCommit());
            if (!v.params().isEmpty()) {
                sb.append("\nparams\n");
                v.params().forEach((k, val) -> field(sb, "  " + k, val));
            }
            if (!v.metrics().isEmpty()) {
                sb.append("\nmetrics\n");
                v.metrics().forEach((k, val) -> field(sb, "  " + k, RunViews.value(val)));
            }
            sb.append("\nmodel ").append(m.name()).append(": latest version ").append(m.latestVersion())
                    .append(m.aliases().isEmpty() ? "" : ", aliases " + aliases(m.aliases())).append('\n');
            if (history.isEmpty()) {
                sb.append("no alias changes yet\n");
            } else {
                sb.append("\nalias history (newest first)\n");
                TextTable t = new TextTable(List.of("  WHEN", "ALIAS", "FROM", "TO", "USER", "COMMENT"));
                for (AliasEvent e : history) {
                    t.add(List.of("  " + RunViews.local(e.at()), e.alias(), e.fromVersion() == null ? "(new)" : "v" + e.fromVersion(),
                            e.toVersion() == null ? "(deleted)" : "v" + e.toVersion(), nullToEmpty(e.user()),
                            nullToEmpty(e.comment())));
                }
                sb.append(t.render());
            }
            return sb.toString();
        }

        private static void field(StringBuilder sb, String name, String value) {
            if (value != null && !value.isEmpty()) {
                sb.append(String.format("%-22s %s%n", name, value));
            }
        }
    }

    @Command(name = "alias", description = {"Point an alias at a version (NAME VERSION ALIAS), or delete one (NAME --delete ALIAS).",
            "Every change is kept in the model's alias history with the user and the comment."})
    static final class AliasCommand extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
        String name;
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "The version the alias points at.")
        String version;
        @Parameters(index = "2", arity = "0..1", paramLabel = "ALIAS", description = "Lowercase: champion, production, ...; 'latest' is reserved.")
        String alias;
        @Option(names = "--delete", paramLabel = "ALIAS", description = "Delete this alias instead.")
        String delete;
        @Option(names = "--comment", paramLabel = "TEXT", description = "Why; kept in the alias history.")
        String comment;

        AliasCommand(Console console) {
            super(console);
        }

        @Override
        void run(Workspace ws) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", name);
            if (delete != null) {
                if (version != null) {
                    throw new UserException(ExitCodes.BAD_INPUT, "use either NAME VERSION ALIAS or NAME --delete ALIAS, not both");
                }
                AliasEvent e = ws.registry().deleteAlias(name, delete, comment);
                json.put("alias", delete);
                json.put("version", null);
                json.put("changed", true);
                json.put("event", event(e));
                print(json, "deleted " + name + "@" + delete + " (was version " + e.fromVersion() + ")\n");
                return;
            }
            if (version == null || alias == null) {
                throw new UserException(ExitCodes.BAD_INPUT, "give NAME VERSION ALIAS to set an alias, or NAME --delete ALIAS");
            }
            int v;
            try {
                v = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new UserException(ExitCodes.BAD_INPUT, "VERSION must be a version number, not '" + version + "'");
            }
            Optional<AliasEvent> e = ws.registry().setAlias(name, alias, v, comment);
            json.put("alias", alias);
            json.put("version", v);
            json.put("changed", e.isPresent());
            json.put("event", e.map(ModelsCommand::event).orElse(null));
            print(json, e.map(ev -> name + "@" + alias + " -> version " + v
                    + (ev.fromVersion() == null ? " (new alias)" : " (was version " + ev.fromVersion() + ")") + "\n")
                    .orElse(name + "@" + alias + " already points at version " + v + "; nothing changed\n"));
        }
    }

    static Map<String, Object> model(RegisteredModel m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", m.name());
        json.put("description", m.description());
        json.put("created_at", RunViews.iso(m.createdAt()));
        json.put("latest_version", m.latestVersion() == 0 ? null : m.latestVersion());
        json.put("aliases", m.aliases());
        return json;
    }

    static Map<String, Object> version(ModelVersion v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", v.modelName());
        json.put("version", v.version());
        json.put("run_id", v.runId());
        json.put("description", v.description());
        json.put("created_at", RunViews.iso(v.createdAt()));
        json.put("aliases", v.aliases());
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("dataset_sha256", v.datasetSha256());
        lineage.put("git_commit", v.gitCommit());
        lineage.put("trainer", v.trainer());
        lineage.put("params", v.params());
        json.put("lineage", lineage);
        json.put("metrics", v.metrics());
        return json;
    }

    static Map<String, Object> event(AliasEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alias", e.alias());
        json.put("from_version", e.fromVersion());
        json.put("to_version", e.toVersion());
        json.put("at", RunViews.iso(e.at()));
        json.put("user", e.user());
        json.put("comment", e.comment());
        return json;
    }

    private static String aliases(Map<String, Integer> aliases) {
        return String.join(", ", aliases.entrySet().stream().map(a -> "@" + a.getKey() + "=" + a.getValue()).toList());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
