package dev.lathe.sweeps.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The argument templates of a command sweep: {@code ["python3", "train.py", "--lr", "${lr}", "--out",
 * "${out_dir}"]}. A placeholder {@code ${name}} stands for a trial param or one of the {@link #BUILTINS};
 * {@code $${} writes a literal {@code ${}. Each template element stays one argument (no shell, no
 * splitting), so values with spaces need no quoting.
 */
public final class CommandTemplate {
    /** The names the coordinator fills in besides the params. */
    public static final SequencedSet<String> BUILTINS = Collections.unmodifiableSequencedSet(
            new LinkedHashSet<>(List.of("data", "label", "seed", "trial", "run_id", "out_dir")));

    private CommandTemplate() {
    }

    /**
     * The placeholder names the template uses, in order of first use.
     *
     * @throws IllegalArgumentException for a {@code ${} without its {@code }} or an empty name
     */
    public static Set<String> placeholders(List<String> template) {
        Set<String> names = new LinkedHashSet<>();
        for (String arg : template) {
            expand(arg, name -> {
                names.add(name);
                return "";
            });
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Checks, before a sweep starts, that every placeholder is a param or a built-in.
     *
     * @throws IllegalArgumentException naming the unknown placeholders and the known names
     */
    public static void validate(List<String> template, Collection<String> paramNames) {
        Set<String> known = new LinkedHashSet<>(paramNames);
        known.addAll(BUILTINS);
        List<String> unknown = placeholders(template).stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw unknown(unknown, known);
        }
    }

    /**
     * Fills in a trial's values. A param shadows a built-in of the same name (a sweep over "seed" means the
     * swept value); a param present with a null value (an inactive conditional one) renders as "".
     *
     * @param params   the trial's params (Long, Double, String or Boolean values)
     * @param builtins data, label, seed, trial, run_id, out_dir as text
     * @throws IllegalArgumentException for a placeholder that is neither, naming it and the known names
     */
    public static List<String> render(List<String> template, Map<String, ?> params, Map<String, String> builtins) {
        List<String> out = new ArrayList<>(template.size());
        List<String> unknown = new ArrayList<>();
        for (String arg : template) {
            out.add(expand(arg, name -> {
                if (params.containsKey(name)) {
                    return format(params.get(name));
                }
                if (builtins.containsKey(name)) {
                    return builtins.get(name) == null ? "" : builtins.get(name);
                }
                unknown.add(name);
                return "";
            }));
        }
        if (!unknown.isEmpty()) {
            Set<String> known = new LinkedHashSet<>(params.keySet());
            known.addAll(builtins.keySet());
            throw unknown(unknown.stream().distinct().toList(), known);
        }
        return List.copyOf(out);
    }

    /**
     * A param value as an argument. Java's shortest round-trip text ("0.001", "1.0E-5", "3") is what Python's
     * float(), R and strtod read back exactly, so no formatting choice can lose precision.
     */
    public static String format(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static IllegalArgumentException unknown(List<String> unknown, Set<String> known) {
        return new IllegalArgumentException("unknown placeholder" + (unknown.size() > 1 ? "s " : " ")
                + String.join(", ", unknown.stream().map(n -> "${" + n + "}").toList())
                + " in the command (known: " + String.join(", ", new TreeSet<>(known)) + ")");
    }

    /** Replaces each placeholder by what {@code value} gives for its name, unescaping {@code $${}. */
    private static String expand(String arg, Function<String, String> value) {
        StringBuilder out = new StringBuilder(arg.length());
        int i = 0;
        while (i < arg.length()) {
            if (arg.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (arg.startsWith("${", i)) {
                int end = arg.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '${' in command argument '" + arg + "'");
                }
                String name = arg.substring(i + 2, end);
                if (name.isBlank()) {
                    throw new IllegalArgumentException("empty placeholder '${}' in command argument '" + arg + "'");
                }
                out.append(value.apply(name));
                i = end + 1;
            } else {
                out.append(arg.charAt(i++));
            }
        }
        return out.toString();
    }
}
