package dev.lathe.runner;

import dev.lathe.training.ParamSpec;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "trainers", description = "List the trainers and their params.")
final class TrainersCommand implements Runnable {
    private final Console console;
    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    TrainersCommand(Console console) {
        this.console = console;
    }

    @Override
    public void run() {
        List<Trainer> all = Trainers.all();
        if (format == Format.JSON) {
            console.out().println(Console.json(all.stream().map(TrainersCommand::json).toList()));
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Trainer t : all) {
            sb.append(t.name()).append("  (").append(t.engine()).append("; ")
                    .append(t.tasks().stream().map(x -> x.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList())
                    .append(")\n  ").append(t.description()).append('\n');
            TextTable table = new TextTable(List.of("    PARAM", "TYPE", "DEFAULT", "RANGE", "MEANING"));
            for (ParamSpec p : t.params()) {
                table.add(List.of("    " + p.name(), p.type().name().toLowerCase(java.util.Locale.ROOT),
                        p.defaultValue() == null ? "" : p.defaultValue(), range(p), p.description()));
            }
            sb.append(table.render()).append('\n');
        }
        console.out().print(sb);
    }

    private static String range(ParamSpec p) {
        if (!p.choices().isEmpty()) {
            return String.join("|", p.choices());
        }
        if (p.min() == null && p.max() == null) {
            return "";
        }
        return RunViews.value(p.min() == null ? Double.NEGATIVE_INFINITY : p.min()) + ".."
                + RunViews.value(p.max() == null ? Double.POSITIVE_INFINITY : p.max());
    }

    private static Map<String, Object> json(Trainer t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("engine", t.engine());
        m.put("description", t.description());
        m.put("tasks", t.tasks().stream().map(x -> x.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList());
        m.put("params", t.params().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("type", p.type().name().toLowerCase(java.util.Locale.ROOT));
            pm.put("default", p.defaultValue());
            pm.put("min", p.min());
            pm.put("max", p.max());
            pm.put("choices", p.choices());
            pm.put("description", p.description());
            return pm;
        }).toList());
        return m;
    }
}
