package dev.lathe.app.sweeps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a {@link SweepDraft} as the sweep file docs/sweeps.md describes (the same layout as its examples: one
 * flow mapping per parameter), and reads such files back into a draft. The app has no YAML library, and the
 * format is small: the writer quotes every scalar that YAML 1.2 could read as something other than the text
 * meant; the reader takes block mappings, block and flow lists and flow mappings, which covers sweep files.
 */
public final class SweepYaml {
    /** YAML 1.2 core-schema numbers (1e-4 included), written plain so they stay numbers. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    /** Text safe as a plain scalar inside flow collections too. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    /** Plain words YAML 1.2 core reads as null or a special float, which must be quoted to stay text. */
    private static final Pattern RESERVED = Pattern.compile("null|Null|NULL|~|\\.(inf|Inf|INF|nan|NaN|NAN)");

    private SweepYaml() {
    }

    /** The sweep file for draft; fields left empty are left out, so the runner's defaults apply. */
    public static String write(SweepDraft d) {
        StringBuilder y = new StringBuilder("# A Lathe sweep (docs/sweeps.md), written by the app's sweep form\n");
        line(y, "name", d.name());
        line(y, "experiment", d.experiment());
        line(y, "data", d.data());
        line(y, "label", d.label());
        line(y, "trainer", d.trainer());
        line(y, "method", d.method());
        if (!blank(d.metric())) {
            y.append("metric: {name: ").append(scalar(d.metric()));
            if (!blank(d.goal())) {
                y.append(", goal: ").append(scalar(d.goal()));
            }
            y.append("}\n");
        }
        y.append("parameters:");
        if (d.parameters().isEmpty()) {
            y.append(" {}");
        }
        y.append('\n');
        for (SweepDraft.Param p : d.parameters()) {
            y.append("  ").append(scalar(p.name())).append(": ").append(param(p)).append('\n');
        }
        switch (d.earlyStop()) {
            case SweepDraft.NoEarlyStop n -> { }
            case SweepDraft.Hyperband h -> y.append("early_terminate: ").append(flowMap(
                    "type", "hyperband", "min_iter", h.minIter(), "eta", h.eta())).append('\n');
            case SweepDraft.Median m -> y.append("early_terminate: ").append(flowMap(
                    "type", "median", "min_iter", m.minIter(), "min_trials", m.minTrials())).append('\n');
        }
        line(y, "run_cap", d.runCap());
        line(y, "max_minutes", d.maxMinutes());
        line(y, "parallel", d.parallel());
        line(y, "seed", d.seed());
        return y.toString();
    }

    private static String param(SweepDraft.Param p) {
        return switch (p.kind()) {
            case "value" -> "{value: " + scalar(p.a().strip()) + "}";
            case "values" -> "{values: [" + String.join(", ", splitValues(p.a()).stream().map(SweepYaml::listItem)
                    .toList()) + "]}";
            default -> p.isNormal()
                    ? flowMap("distribution", p.kind(), "mu", p.a(), "sigma", p.b(), "q", p.usesQ() ? p.q() : null)
                    : flowMap("distribution", p.kind(), "min", p.a(), "max", p.b(), "q", p.usesQ() ? p.q() : null);
        };
    }

    /** {k: v, ...} for the pairs whose value is not blank. */
    private static String flowMap(String... pairs) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!blank(pairs[i + 1])) {
                entries.add(pairs[i] + ": " + scalar(pairs[i + 1].strip()));
            }
        }
        return "{" + String.join(", ", entries) + "}";
    }

    private static void line(StringBuilder y, String key, String value) {
        if (!blank(value)) {
            y.append(key).append(": ").append(scalar(value.strip())).append('\n');
        }
    }

    /** A list item the user quoted stays text ("64" for a list-valued param); others follow {@link #scalar}. */
    private static String listItem(String item) {
        if (item.length() >= 2 && (item.startsWith("\"") && item.endsWith("\"") || item.startsWith("'") && item.endsWith("'"))) {
            return quote(item.substring(1, item.length() - 1));
        }
        return scalar(item);
    }

    /** Splits "16, 32, \"64,32\"" on commas outside quotes; items are trimmed and keep their quotes. */
    static List<String> splitValues(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                item.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                item.append(c);
            } else if (c == ',') {
                addItem(items, item);
            } else {
                item.append(c);
            }
        }
        addItem(items, item);
        return items;
    }

    private static void addItem(List<String> items, StringBuilder item) {
        String s = item.toString().strip();
        if (!s.isEmpty()) {
            items.add(s);
        }
        item.setLength(0);
    }

    /** A plain scalar when YAML reads it back as the same text or number, else a double-quoted one. */
    static String scalar(String text) {
        if (NUMBER.matcher(text).matches() || PLAIN.matcher(text).matches() && !RESERVED.matcher(text).matches()) {
            return text;
        }
        return quote(text);
    }

    static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    // ---- reading ----

    /** A file read back: the draft, and the keys the form cannot show (kept out of the draft, so say so). */
    public record Read(SweepDraft draft, List<String> ignored) {
    }

    /**
     * Reads a sweep file into a draft for the form.
     *
     * @throws IllegalArgumentException naming the line of something this reader cannot follow
     */
    public static Read read(String text) {
        Map<String, Object> top = new MiniYaml(text).document();
        List<String> ignored = new ArrayList<>();
        for (String key : top.keySet()) {
            if (!List.of("name", "experiment", "data", "label", "trainer", "method", "metric", "parameters",
                    "early_terminate", "run_cap", "max_minutes", "parallel", "seed").contains(key)) {
                ignored.add(key);
            }
        }
        Map<String, Object> metric = map(top.get("metric"));
        List<SweepDraft.Param> params = new ArrayList<>();
        map(top.get("parameters")).forEach((name, spec) -> params.add(param(name, map(spec), ignored)));
        Map<String, Object> et = map(top.get("early_terminate"));
        SweepDraft.EarlyStop stop = switch (text(et.get("type"))) {
            case "hyperband" -> new SweepDraft.Hyperband(text(et.get("min_iter")), text(et.get("eta")));
            case "median" -> new SweepDraft.Median(text(et.get("min_iter")), text(et.get("min_trials")));
            default -> new SweepDraft.NoEarlyStop();
        };
        for (String k : et.keySet()) {
            if (!List.of("type", "min_iter", "eta", "min_trials").contains(k)) {
                ignored.add("early_terminate." + k);
            }
        }
        SweepDraft draft = new SweepDraft(text(top.get("name")), text(top.get("experiment")), text(top.get("data")),
                text(top.get("label")), text(top.get("trainer")), text(top.get("method")), text(metric.get("name")),
                text(metric.get("goal")), params, stop, text(top.get("run_cap")), text(top.get("max_minutes")),
                text(top.get("parallel")), text(top.get("seed")));
        return new Read(draft, List.copyOf(ignored));
    }

    private static SweepDraft.Param param(String name, Map<String, Object> spec, List<String> ignored) {
        String distribution = text(spec.get("distribution"));
        if (spec.containsKey("values")) {
            List<String> items = new ArrayList<>();
            for (Object v : spec.get("values") instanceof List<?> l ? l : List.of(spec.get("values"))) {
                String s = text(v);
                items.add(s.contains(",") || s.contains(" ") ? quote(s) : s);
            }
            return new SweepDraft.Param(name, "values", String.join(", ", items), "", "");
        }
        if (spec.containsKey("value")) {
            return new SweepDraft.Param(name, "value", text(spec.get("value")), "", "");
        }
        if (distribution.isEmpty()) {
            // W&B's inference: two integers are int_uniform, any other range uniform
            boolean ints = NUMBER.matcher(text(spec.get("min"))).matches() && !text(spec.get("min")).matches(".*[.eE].*")
                    && !text(spec.get("max")).matches(".*[.eE].*");
            distribution = ints ? "int_uniform" : "uniform";
        }
        if (!SweepDraft.KINDS.contains(distribution)) {
            ignored.add("parameters." + name + " (" + distribution + ")");
        }
        boolean normal = distribution.contains("normal");
        return new SweepDraft.Param(name, distribution, text(spec.get(normal ? "mu" : "min")),
                text(spec.get(normal ? "sigma" : "max")), text(spec.get("q")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object o) {
        return o == null ? "" : o instanceof List<?> l ? String.join(", ", l.stream().map(SweepYaml::text).toList())
                : o.toString();
    }

    /** Just enough YAML for sweep files: block mappings and lists by indentation, flow collections on one line. */
    private static final class MiniYaml {
        private final List<String> lines = new ArrayList<>();
        private final List<Integer> numbers = new ArrayList<>();
        private int at;

        MiniYaml(String text) {
            String[] raw = text.split("\\R", -1);
            for (int i = 0; i < raw.length; i++) {
                String line = stripComment(raw[i]);
                if (!line.isBlank() && !line.strip().equals("---")) {
                    lines.add(line);
                    numbers.add(i + 1);
                }
            }
        }

        Map<String, Object> document() {
            if (lines.isEmpty()) {
                return Map.of();
            }
            Object o = block(indent(lines.getFirst()));
            if (!(o instanceof Map<?, ?>)) {
                throw error("the file is not a mapping of keys");
            }
            return map(o);
        }

        private Object block(int indent) {
            if (lines.get(at).strip().startsWith("- ") || lines.get(at).strip().equals("-")) {
                List<Object> list = new ArrayList<>();
                while (at < lines.size() && indent(lines.get(at)) == indent && lines.get(at).strip().startsWith("-")) {
                    String rest = lines.get(at).strip().substring(1).strip();
                    at++;
                    list.add(rest.isEmpty() ? block(indent(lines.get(at))) : new Flow(rest, numbers.get(at - 1)).value());
                }
                return list;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            while (at < lines.size() && indent(lines.get(at)) == indent) {
                String line = lines.get(at).strip();
                int colon = keyEnd(line);
                if (colon < 0) {
                    throw error("expected 'key: value'");
                }
                String key = unquote(line.substring(0, colon).strip());
                String rest = line.substring(colon + 1).strip();
                int lineNo = numbers.get(at);
                at++;
                if (rest.isEmpty()) {
                    map.put(key, at < lines.size() && indent(lines.get(at)) > indent ? block(indent(lines.get(at))) : null);
                } else {
                    map.put(key, new Flow(rest, lineNo).value());
                }
            }
            if (at < lines.size() && indent(lines.get(at)) > indent) {
                throw error("unexpected indentation");
            }
            return map;
        }

        private IllegalArgumentException error(String what) {
            int line = at < numbers.size() ? numbers.get(at) : numbers.getLast();
            return new IllegalArgumentException("line " + line + ": " + what);
        }

        private static int keyEnd(String line) {
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
                    return i;
                }
            }
            return -1;
        }

        private static int indent(String line) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            return i;
        }

        private static String unquote(String s) {
            return s.length() >= 2 && (s.startsWith("\"") || s.startsWith("'")) ? s.substring(1, s.length() - 1) : s;
        }

        /** The line without its comment: a # at the start or after a space, outside quotes. */
        private static String stripComment(String line) {
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && quote == '"') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
                    return line.substring(0, i).stripTrailing();
                }
            }
            return line.stripTrailing();
        }
    }

    /** A value on one line: a flow mapping, a flow list, a quoted or a plain scalar. */
    private static final class Flow {
        private final String s;
        private final int line;
        private int i;

        Flow(String s, int line) {
            this.s = s;
            this.line = line;
        }

        Object value() {
            Object v = next(false);
            skipSpace();
            if (i < s.length()) {
                throw error("unexpected '" + s.charAt(i) + "'");
            }
            return v;
        }

        private Object next(boolean inFlow) {
            skipSpace();
            if (i >= s.length()) {
                return "";
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> map = new LinkedHashMap<>();
                skipSpace();
                while (peek() != '}') {
                    String key = text(next(true));
                    skipSpace();
                    expect(':');
                    map.put(key, next(true));
                    skipSpace();
                    if (peek() == ',') {
                        i++;
                        skipSpace();
                    } else if (peek() != '}') {
                        throw error("expected ',' or '}'");
                    }
                }
                i++;
                return map;
            }
            if (c == '[') {
                i++;
                List<Object> list = new ArrayList<>();
                skipSpace();
                while (peek() != ']') {
                    list.add(next(true));
                    skipSpace();
                    if (peek() == ',') {
                        i++;
                        skipSpace();
                    } else if (peek() != ']') {
                        throw error("expected ',' or ']'");
                    }
                }
                i++;
                return list;
            }
            if (c == '"' || c == '\'') {
                return quoted(c);
            }
            int start = i;
            while (i < s.length() && !(inFlow && ",]}".indexOf(s.charAt(i)) >= 0)
                    && !(s.charAt(i) == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ') && inFlow)) {
                i++;
            }
            return s.substring(start, i).strip();
        }

        private String quoted(char q) {
            i++;
            StringBuilder out = new StringBuilder();
            while (i < s.length() && s.charAt(i) != q) {
                char c = s.charAt(i++);
                if (c == '\\' && q == '"' && i < s.length()) {
                    char e = s.charAt(i++);
                    out.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else if (c == '\'' && q == '\'' && i < s.length() && s.charAt(i) == '\'') {
                    out.append('\'');
                    i++;
                } else {
                    out.append(c);
                }
            }
            if (i >= s.length()) {
                throw error("unclosed quote");
            }
            i++;
            return out.toString();
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end of line");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private void skipSpace() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("line " + line + ", column " + (i + 1) + ": " + what);
        }
    }
}
