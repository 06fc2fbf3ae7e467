package dev.lathe.core;

import java.time.Instant;

/** An experiment with its run counts, for lists and the sidebar. lastRunAt is null when it has no runs. */
public record ExperimentSummary(Experiment experiment, int runCount, int liveCount, Instant lastRunAt) {
}
