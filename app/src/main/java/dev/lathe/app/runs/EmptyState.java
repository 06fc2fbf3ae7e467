package dev.lathe.app.runs;

import java.util.List;

/** What the runs table says when it has no rows: a title, a line of text, and commands the user can copy. */
public record EmptyState(String title, String text, List<String> commands) {
    static final String DEMO_COMMAND = "./lathe demo";
    static final String TRAIN_COMMAND = "./lathe train --data FILE.csv --label COLUMN --trainer tribuo-logistic";

    public EmptyState {
        commands = List.copyOf(commands);
    }

    static EmptyState loading() {
        return new EmptyState("Loading runs…", "", List.of());
    }

    static EmptyState noRunsYet() {
        return new EmptyState("No runs yet", "Fill a sample workspace, or train a model on your own CSV:",
                List.of(DEMO_COMMAND, TRAIN_COMMAND));
    }

    static EmptyState noRunsIn(String experiment) {
        return new EmptyState("No runs in " + experiment + " yet", "", List.of());
    }

    static EmptyState noMatch(String filter) {
        return new EmptyState("No runs match the filter", filter, List.of());
    }

    static EmptyState failed(String message) {
        return new EmptyState("Cannot load the runs", message + " — press Refresh (F5) to try again.", List.of());
    }
}
