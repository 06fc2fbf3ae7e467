package dev.lathe.app.sweeps;

import java.util.List;

/**
 * What the sweep form holds, as plain values: the input of {@link SweepYaml#write}. Numbers stay as the user
 * typed them (text), so the runner, not the form, judges them and names the line of a bad one.
 *
 * @param experiment empty for the default (the sweep's name)
 * @param data      the data file as it goes into the YAML (relative to the sweep file's folder, or absolute)
 * @param runCap    empty for the default (a grid's size)
 * @param parallel  "auto" or a number; empty leaves it out
 */
public record SweepDraft(String name, String experiment, String data, String label, String trainer, String method, String metric,
                         String goal, List<Param> parameters, EarlyStop earlyStop, String runCap, String maxMinutes,
                         String parallel, String seed) {

    public SweepDraft {
        parameters = List.copyOf(parameters);
    }

    /** The search-space kinds the form offers: W&B's two shorthand forms and the distributions. */
    public static final List<String> KINDS = List.of("value", "values", "uniform", "int_uniform", "log_uniform_values",
            "q_uniform", "q_log_uniform_values", "inv_log_uniform_values", "normal", "log_normal", "q_normal",
            "q_log_normal", "log_uniform");

    public static final List<String> METHODS = List.of("grid", "random", "sobol", "bayes");

    /**
     * One search-space entry. Which texts count depends on kind: value uses {@code a}; values a comma list in
     * {@code a} (a list item with a comma, such as {@code "64,32"}, is quoted); min/max ranges {@code a}, {@code b};
     * the normal kinds mu in {@code a} and sigma in {@code b}; q_ kinds also {@code q}.
     */
    public record Param(String name, String kind, String a, String b, String q) {
        public boolean usesSecond() {
            return !kind.equals("value") && !kind.equals("values");
        }

        public boolean usesQ() {
            return kind.startsWith("q_");
        }

        public boolean isNormal() {
            return kind.contains("normal");
        }
    }

    /** early_terminate: none, ASHA, or the median rule. */
    public sealed interface EarlyStop {
    }

    public record NoEarlyStop() implements EarlyStop {
    }

    public record Hyperband(String minIter, String eta) implements EarlyStop {
    }

    public record Median(String minIter, String minTrials) implements EarlyStop {
    }
}
