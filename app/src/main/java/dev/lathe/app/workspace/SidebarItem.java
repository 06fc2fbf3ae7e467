package dev.lathe.app.workspace;

import dev.lathe.app.Formats;
import dev.lathe.core.ExperimentSummary;
import dev.lathe.workspace.RunQuery;

/** An entry of the sidebar: "All runs" on top, then one per experiment. */
public sealed interface SidebarItem {

    /** Stays the same across reloads, so the selection survives a refresh while the counts change. */
    String key();

    String label();

    RunQuery query();

    /** The experiment's name, or null for all runs. */
    String scopeName();

    record AllRuns(int runCount) implements SidebarItem {
        static final String KEY = "all";

        @Override
        public String key() {
            return KEY;
        }

        @Override
        public String label() {
            return "All runs";
        }

        @Override
        public RunQuery query() {
            return RunQuery.all();
        }

        @Override
        public String scopeName() {
            return null;
        }
    }

    record ExperimentEntry(ExperimentSummary summary) implements SidebarItem {
        @Override
        public String key() {
            return "experiment:" + summary.experiment().id();
        }

        /** "iris · 4 runs", and " · 1 live" while runs are queued or running. */
        @Override
        public String label() {
            String label = summary.experiment().name() + " · " + Formats.count(summary.runCount(), "run");
            return summary.liveCount() > 0 ? label + " · " + summary.liveCount() + " live" : label;
        }

        @Override
        public RunQuery query() {
            return RunQuery.inExperiment(summary.experiment().id());
        }

        @Override
        public String scopeName() {
            return summary.experiment().name();
        }
    }
}
